import { readFileSync, writeFileSync } from 'node:fs';
import { OPENAPI_PATH, openApiJson } from '../gateway/src/rest/openapi/openapi-file';
import { REST_TYPES_PATH, restTypesSource } from '../sdk/scripts/rest-types';

/**
 * `npm run openapi`: writes the OpenAPI document and the SDK's REST types made from it.
 * With `--check`, writes nothing and fails when either checked-in file differs.
 */
async function main() {
  const check = process.argv.includes('--check');
  const files: [string, () => string | Promise<string>][] = [
    [OPENAPI_PATH, openApiJson],
    [REST_TYPES_PATH, restTypesSource],
  ];
  let stale = false;
  for (const [file, make] of files) {
    const text = await make();
    if (!check) {
      writeFileSync(file, text);
      console.log(`wrote ${file}`);
    } else if (readFileSync(file, 'utf8') !== text) {
      console.error(`${file} is stale: run npm run openapi`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
