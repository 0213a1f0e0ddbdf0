import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../gateway/src/rest/openapi/rest-operations';

/**
 * Checks REST answers against the OpenAPI document: the status must be one the operation
 * lists, and a JSON body must match that response's schema. The test helpers run every answer
 * of `/api/v1` through it, so the document cannot drift from what the routes do.
 */

type Document = ReturnType<typeof openApiDocument>;
type Json = Record<string, any>;

const ROOT_ID = 'https://sotto.invalid/openapi.json';

interface Template {
  method: string;
  path: string;
  pattern: RegExp;
  /** Characters outside parameters: the more, the more specific (as the router prefers). */
  literal: number;
  operation: Json;
}

export interface ResponseToCheck {
  method: string;
  /** The request's URL path, with or without its query string. */
  url: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

export class OpenApiResponseValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly templates: Template[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: Document = openApiDocument()) {
    addFormats(this.ajv);
    // The components' schemas under `$defs` of one root, their references rewritten to match.
    const schemas = JSON.parse(
      JSON.stringify(document.components.schemas).replaceAll('#/components/schemas/', '#/$defs/'),
    );
    this.ajv.addSchema({ $id: ROOT_ID, $defs: schemas });
    this.templates = Object.entries(document.paths as Record<string, Record<string, Json>>)
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
      )
      .map(({ method, path, operation }) => ({
        method,
        path,
        operation,
        literal: path.replace(/\{\w+\}/g, '').length,
        pattern: new RegExp(
          `^${path
            .split(/(\{\w+\})/)
            .map((part) => (/^\{\w+\}$/.test(part) ? '[^/]+' : escapeRegExp(part)))
            .join('')}$`,
        ),
      }))
      .sort((a, b) => b.literal - a.literal);
  }

  /** The operation serving `method url`, or null outside the document (an unknown route). */
  operationFor(method: string, url: string): Template | null {
    const path = url.split('?')[0]!;
    const wanted = method.toLowerCase();
    return this.templates.find((t) => t.method === wanted && t.pattern.test(path)) ?? null;
  }

  /** Problems with the answer, in words; empty when it matches the document. */
  problems(answer: ResponseToCheck): string[] {
    const template = this.operationFor(answer.method, answer.url);
    if (!template) return [];
    const responses = template.operation.responses as Record<string, Json>;
    let response = responses[String(answer.status)];
    if (!response) {
      return [
        `status ${answer.status} is not listed (it lists ${Object.keys(responses).join(', ')})`,
      ];
    }
    if (typeof response.$ref === 'string') response = this.resolve(response.$ref);
    const content = response.content as Record<string, { schema: Json }> | undefined;
    if (!content) {
      return answer.body === undefined
        ? []
        : [`status ${answer.status} has no body in the document`];
    }
    const [mediaType, media] = Object.entries(content)[0]!;
    const actualType = (answer.contentType ?? '').split(';')[0]!.trim();
    if (actualType !== mediaType) {
      return [`content type is ${actualType || 'missing'}, the document says ${mediaType}`];
    }
    if (mediaType !== 'application/json') return [];
    const validate = this.validator(media.schema.$ref as string);
    if (validate(answer.body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${error.instancePath || '(body)'} ${error.message}${
          error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : ''
        }`,
    );
  }

  /** Throws an error naming the operation, the status and the problems, if there are any. */
  check(answer: ResponseToCheck): void {
    const problems = this.problems(answer);
    if (problems.length === 0) return;
    const template = this.operationFor(answer.method, answer.url)!;
    throw new Error(
      [
        `The answer to ${answer.method} ${answer.url.split('?')[0]} does not match the OpenAPI document`,
        `(operation ${template.operation.operationId}, ${answer.method.toUpperCase()} ${template.path}, status ${answer.status}):`,
        ...problems.map((problem) => `  - ${problem}`),
        `Body: ${JSON.stringify(answer.body)?.slice(0, 2000)}`,
      ].join('\n'),
    );
  }

  /** Problems of `value` against the named component schema; empty when it matches. */
  schemaProblems(name: string, value: unknown): string[] {
    const validate = this.validator(`#/components/schemas/${name}`);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
  }

  private resolve(ref: string): Json {
    const [, kind, name] = /^#\/components\/(\w+)\/(\w+)$/.exec(ref) ?? [];
    const target = (this.document.components as Record<string, Record<string, Json>>)[kind!]?.[
      name!
    ];
    if (!target) throw new Error(`the document has no ${ref}`);
    return target;
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.compiled.get(ref);
    if (!validate) {
      const local = ref.replace('#/components/schemas/', '#/$defs/');
      validate = this.ajv.compile({ $ref: `${ROOT_ID}${local}` });
      this.compiled.set(ref, validate);
    }
    return validate;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let shared: OpenApiResponseValidator | undefined;

/** One validator per test file: compiling the schemas once. */
export function openApiValidator(): OpenApiResponseValidator {
  shared ??= new OpenApiResponseValidator();
  return shared;
}
