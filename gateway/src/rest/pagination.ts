import type { FastifyReply, FastifyRequest } from 'fastify';

/** A GraphQL connection's page, as the REST routes select it. */
export interface GraphQLPage<Node> {
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * A page of a REST collection: `data`, `has_more` and the `next_cursor` in the body, and the
 * next page's URL (this request's, with `cursor` replaced) in a `Link: <…>; rel="next"` header.
 */
export function pageJson<Node, Json>(
  request: FastifyRequest,
  reply: FastifyReply,
  page: GraphQLPage<Node>,
  toJson: (node: Node) => Json,
) {
  const next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  if (next) {
    const url = new URL(request.url, 'http://localhost');
    url.searchParams.set('cursor', next);
    reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  return { data: page.nodes.map(toJson), has_more: next !== null, next_cursor: next };
}
