import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';
import { createGateway, keepApolloTelemetryOff, SUPERGRAPH_PATH } from './supergraph';

describe('Apollo telemetry', () => {
  it('is turned off when the environment says nothing', () => {
    const env: NodeJS.ProcessEnv = {};
    keepApolloTelemetryOff(env);
    expect(env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('is turned off before the gateway is made, where the operator said nothing', () => {
    const given = process.env.APOLLO_TELEMETRY_DISABLED;
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    try {
      createGateway({}, 'a-secret-for-this-test', () => Promise.reject(new Error('no fetch')));
      expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
    } finally {
      if (given === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
      else process.env.APOLLO_TELEMETRY_DISABLED = given;
    }
  });

  it('stays as the operator set it', () => {
    const env: NodeJS.ProcessEnv = { APOLLO_TELEMETRY_DISABLED: 'false' };
    keepApolloTelemetryOff(env);
    expect(env.APOLLO_TELEMETRY_DISABLED).toBe('false');
  });
});

/** The subgraphs a plan fetches from, once per fetch. */
function fetchesOf(node: PlanNode | QueryPlan['node']): string[] {
  if (!node) return [];
  switch (node.kind) {
    case 'Fetch':
      return [node.serviceName];
    case 'Flatten':
      return fetchesOf(node.node);
    case 'Sequence':
    case 'Parallel':
      return node.nodes.flatMap(fetchesOf);
    default:
      return [];
  }
}

describe('the supergraph’s query plans', () => {
  const supergraph = Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const planner = new QueryPlanner(supergraph);
  const plan = (query: string) =>
    fetchesOf(planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query))).node);

  it('reads stock once for an order’s menu items, `available` and `portionsLeft` together', () => {
    const fetches = plan(`{ order(id: "order_x") {
      items { menuItem { name available portionsLeft } } payments { id } } }`);
    expect(fetches.filter((service) => service === 'inventory')).toHaveLength(1);
    expect(fetches.sort()).toEqual(['inventory', 'menu', 'orders', 'payments']);
  });
});
