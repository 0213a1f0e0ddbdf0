import { writeFileSync } from 'node:fs';
import { OPENAPI_PATH, openApiJson } from '../gateway/src/rest/openapi/openapi-file';

writeFileSync(OPENAPI_PATH, openApiJson());
console.log(`wrote ${OPENAPI_PATH}`);
