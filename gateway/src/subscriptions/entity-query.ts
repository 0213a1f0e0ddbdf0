import {
  GraphQLError,
  Kind,
  print,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { ApolloServer } from '@apollo/server';
import type { StoredEvent } from '../../../platform/src/events/event-log';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import type { GatewayContext } from '../context';
import type { SubscriptionField } from './subscription-fields';

/** The variable that carries the event's entity id in a follow-up query. */
const ENTITY_ID = 'sottoEntityId';
/** The alias of the follow-up's root field. */
export const ENTITY = 'entity';

/**
 * The query that reads a subscription field's entity through the gateway: the subscriber's own
 * selection (fragments and variables included) under `<query>(id: $sottoEntityId)`, plus
 * `extra` selections the gateway needs for itself (kitchenTickets' item stations).
 */
export interface EntityQuery {
  text: string;
  variables: Record<string, unknown>;
}

function fragmentsUsed(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  found = new Map<string, FragmentDefinitionNode>(),
): Map<string, FragmentDefinitionNode> {
  visit(selectionSet, {
    FragmentSpread(node) {
      const name = node.name.value;
      const fragment = fragments.get(name);
      if (!fragment || found.has(name)) return;
      found.set(name, fragment);
      fragmentsUsed(fragment.selectionSet, fragments, found);
    },
  });
  return found;
}

function variablesUsed(nodes: readonly (SelectionSetNode | FragmentDefinitionNode)[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes)
    visit(node, { Variable: (variable) => void names.add(variable.name.value) });
  return names;
}

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  return fragments;
}

export function entityQuery(
  entry: SubscriptionField,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  field: FieldNode,
  variableValues: Record<string, unknown>,
  extra = '',
): EntityQuery {
  const selectionSet = field.selectionSet;
  if (!selectionSet) throw new Error(`${entry.field} needs a selection`);
  const fragments = [...fragmentsUsed(selectionSet, fragmentsOf(document)).values()];
  const used = variablesUsed([selectionSet, ...fragments]);
  const definitions = (operation.variableDefinitions ?? []).filter((definition) =>
    used.has(definition.variable.name.value),
  );
  const variables: Record<string, unknown> = {};
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    if (name in variableValues) variables[name] = variableValues[name];
  }
  const declared = [`$${ENTITY_ID}: ID!`, ...definitions.map(print)].join(', ');
  const selection = print(selectionSet).replace(/}\s*$/, `${extra}\n}`);
  const text = [
    `query SottoSubscription(${declared}) {\n  ${ENTITY}: ${entry.query}(id: $${ENTITY_ID}) ${selection}\n}`,
    ...fragments.map(print),
  ].join('\n\n');
  return { text, variables };
}

/** What decides a follow-up's answer besides the query: the tenant and the permissions. */
function authorizationKey(caller: Caller): string {
  return [caller.restaurantId, caller.environment, caller.role, [...caller.scopes].sort()].join(
    '|',
  );
}

/** How long a resolved payload is kept for the other subscribers of the same event. */
const SHARED_FOR_MS = 10_000;
const MAX_SHARED = 5_000;

/**
 * Runs follow-up queries through the gateway itself, with the subscriber's authorization, and
 * shares each answer between the subscribers of the same event whose selection and permissions
 * are the same: hundreds of kitchen screens with the same query cost one query per event.
 */
export class EntityResolver {
  private readonly shared = new Map<string, Promise<ExecutionResult>>();

  constructor(private readonly apollo: ApolloServer<GatewayContext>) {}

  resolve(
    caller: Caller,
    query: EntityQuery,
    entityId: string,
    occasion: string,
  ): Promise<ExecutionResult> {
    const key = [
      occasion,
      entityId,
      authorizationKey(caller),
      query.text,
      JSON.stringify(query.variables),
    ].join('\n');
    const known = this.shared.get(key);
    if (known) return known;
    const answer = this.execute(
      caller,
      query.text,
      { ...query.variables, [ENTITY_ID]: entityId },
      `sub-${occasion}`,
    );
    if (this.shared.size >= MAX_SHARED) this.shared.delete(this.shared.keys().next().value!);
    this.shared.set(key, answer);
    setTimeout(() => this.shared.delete(key), SHARED_FOR_MS).unref();
    return answer;
  }

  /** The entity of an event (`occasion` is the event id: one query per event and selection). */
  ofEvent(caller: Caller, query: EntityQuery, event: StoredEvent): Promise<ExecutionResult> {
    return this.resolve(caller, query, event.aggregateId, event.id);
  }

  /** Runs one operation through the gateway as `caller`. */
  async execute(
    caller: Caller,
    query: string,
    variables: Record<string, unknown>,
    requestId: string,
  ): Promise<ExecutionResult> {
    const response = await this.apollo.executeOperation(
      { query, variables },
      { contextValue: { caller, requestId } },
    );
    if (response.body.kind !== 'single') throw new Error('Unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    // Formatted errors are plain objects; graphql-ws serialises GraphQLError instances.
    return {
      data: data as ExecutionResult['data'],
      errors: errors?.map(
        (error) =>
          new GraphQLError(error.message, { path: error.path, extensions: error.extensions }),
      ),
    };
  }
}
