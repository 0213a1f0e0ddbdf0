import path from 'node:path';
import { openApiDocument } from './rest-operations';

/** The checked-in copy, for client generators (the SDK's REST types among them). */
export const OPENAPI_PATH = path.resolve(__dirname, '../../../../schema/openapi.json');

/** The document as `npm run openapi` writes it. */
export function openApiJson(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}
