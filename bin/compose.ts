import { writeFileSync } from 'node:fs';
import { composeSupergraph } from '../gateway/src/compose-supergraph';
import { SUPERGRAPH_PATH } from '../gateway/src/supergraph';

writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
console.log(`wrote ${SUPERGRAPH_PATH}`);
