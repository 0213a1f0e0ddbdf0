/** The request id and its scope live in the platform, shared by the gateway and the subgraphs. */
export {
  inRequest,
  newRequestId,
  requestIdOf,
  requestLogger,
} from '../../../platform/src/request-scope';
