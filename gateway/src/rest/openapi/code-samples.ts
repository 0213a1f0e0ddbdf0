import type { RestOperation } from './rest-operation';

/** Where the samples send their requests: a platform started with `npm start`. */
export const SAMPLE_BASE_URL = 'http://localhost:4000/api/v1';

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** The sample's URL: the path with the example's parameters, and its query string. */
export function sampleUrl(operation: RestOperation): string {
  const { params = {}, query = {} } = operation.example ?? {};
  const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    encodeURIComponent(params[name] ?? `{${name}}`),
  );
  const search = new URLSearchParams(query).toString();
  return `${SAMPLE_BASE_URL}${path}${search ? `?${search}` : ''}`;
}

/**
 * curl, JavaScript (fetch) and Python (requests) for one operation, from its method, path,
 * access and example: every operation gets them, none is written by hand.
 */
export function codeSamples(operation: RestOperation): CodeSample[] {
  return [
    { lang: 'Shell', label: 'curl', source: curlSample(operation) },
    { lang: 'JavaScript', label: 'JavaScript (fetch)', source: fetchSample(operation) },
    { lang: 'Python', label: 'Python (requests)', source: pythonSample(operation) },
  ];
}

const authorized = (operation: RestOperation) => operation.access !== 'public';
const bodyOf = (operation: RestOperation) => operation.example?.body;

function curlSample(operation: RestOperation): string {
  const lines = [`curl -X ${operation.method.toUpperCase()} '${sampleUrl(operation)}'`];
  if (authorized(operation)) lines.push(`-H "Authorization: Bearer $SOTTO_TOKEN"`);
  const body = bodyOf(operation);
  if (body !== undefined) {
    lines.push(`-H 'Content-Type: application/json'`);
    lines.push(`-d '${JSON.stringify(body, null, 2).replaceAll("'", `'\\''`)}'`);
  }
  return lines.join(' \\\n  ');
}

function fetchSample(operation: RestOperation): string {
  const headers: string[] = [];
  if (authorized(operation)) headers.push('Authorization: `Bearer ${process.env.SOTTO_TOKEN}`');
  const body = bodyOf(operation);
  if (body !== undefined) headers.push(`'Content-Type': 'application/json'`);
  const options = [`  method: '${operation.method.toUpperCase()}',`];
  if (headers.length) options.push(`  headers: { ${headers.join(', ')} },`);
  if (body !== undefined) {
    options.push(
      `  body: JSON.stringify(${JSON.stringify(body, null, 2).replace(/\n/g, '\n  ')}),`,
    );
  }
  const read = operation.responses[200]?.contentType ?? operation.responses[201]?.contentType;
  return [
    `const response = await fetch('${sampleUrl(operation)}', {`,
    ...options,
    '});',
    read ? 'console.log(await response.text());' : 'console.log(await response.json());',
  ].join('\n');
}

function pythonSample(operation: RestOperation): string {
  const args = [`    "${sampleUrl(operation)}",`];
  if (authorized(operation)) {
    args.push(`    headers={"Authorization": f"Bearer {os.environ['SOTTO_TOKEN']}"},`);
  }
  const body = bodyOf(operation);
  if (body !== undefined) args.push(`    json=${pythonLiteral(body, '    ')},`);
  const read = operation.responses[200]?.contentType ?? operation.responses[201]?.contentType;
  return [
    ...(authorized(operation) ? ['import os', ''] : []),
    'import requests',
    '',
    `response = requests.${operation.method}(`,
    ...args,
    ')',
    read ? 'print(response.text)' : 'print(response.json())',
  ].join('\n');
}

/** A JSON value written as a Python literal (`True`, `None`), indented like the JSON. */
export function pythonLiteral(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${pythonLiteral(item, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const lines = entries.map(
    ([key, item]) => `${inner}${JSON.stringify(key)}: ${pythonLiteral(item, inner)},`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}
