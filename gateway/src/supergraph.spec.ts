import { keepApolloTelemetryOff } from './supergraph';

describe('Apollo telemetry', () => {
  it('is turned off when the environment says nothing', () => {
    const env: NodeJS.ProcessEnv = {};
    keepApolloTelemetryOff(env);
    expect(env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('stays as the operator set it', () => {
    const env: NodeJS.ProcessEnv = { APOLLO_TELEMETRY_DISABLED: 'false' };
    keepApolloTelemetryOff(env);
    expect(env.APOLLO_TELEMETRY_DISABLED).toBe('false');
  });
});
