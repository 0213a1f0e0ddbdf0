/** The request id lives in the platform, shared by the gateway and the subgraphs. */
export { newRequestId, requestIdOf } from '../../../platform/src/request-id';
