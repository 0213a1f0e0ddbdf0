// Developer console: GraphiQL (queries and mutations over HTTP, subscriptions over graphql-ws),
// the key's recent calls and the webhook simulator. Signs in with an API key typed into the
// form or given in the URL fragment (which never reaches the server); the key stays in this
// tab's sessionStorage and is exchanged for short-lived access tokens.
import { createClient } from '/kds/vendor/graphql-ws/client.js';
import { accessTokens, fragmentWithApiKey } from '/kds/access-token.js';

const KEY_STORE = 'sotto.console.apiKey';

/** The events a webhook can be sent (the spec's). */
const EVENT_TYPES = [
  'order.created',
  'order.updated',
  'order.status_changed',
  'payment.completed',
  'payment.failed',
  'reservation.created',
  'reservation.arrived',
  'inventory.low_stock',
];

const DEFAULT_QUERY = `# Queries and mutations run over HTTP, subscriptions over graphql-ws on /graphql.
# Try: subscription { orderCreated { id status total { amount } } }
query Menu {
  menuItems {
    id
    name
    price {
      amount
      currency
    }
    available
  }
}
`;

const $ = (id) => document.getElementById(id);

const state = {
  apiKey: null,
  /** One graphql-ws client while signed in, connecting lazily for the first subscription. */
  ws: null,
  root: null,
  nextCalls: null,
};

// ---- sign-in -------------------------------------------------------------------------------

const tokens = accessTokens(() => state.apiKey);
/** The current access token, exchanged again 30 s before it expires. */
const accessToken = () => tokens.get();

async function signIn(apiKey) {
  state.apiKey = apiKey;
  try {
    await accessToken();
  } catch (error) {
    signOut();
    $('sign-in-error').textContent = error.message;
    return;
  }
  sessionStorage.setItem(KEY_STORE, apiKey);
  $('sign-in').hidden = true;
  $('sign-out').hidden = false;
  $('workspace').hidden = false;
  $('who').textContent = `${apiKey.slice(0, apiKey.indexOf('_', 3) + 1)}…`;
  state.ws = createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: async () => ({ authorization: `Bearer ${await accessToken()}` }),
    lazy: true,
  });
  renderGraphiQL();
  refreshCalls();
  loadWebhooks();
}

/** Forgets the key, the token and GraphiQL's tabs and history (all in sessionStorage). */
function signOut() {
  state.ws?.dispose();
  state.root?.unmount();
  tokens.forget();
  Object.assign(state, { apiKey: null, ws: null, root: null, nextCalls: null });
  // After GraphiQL is gone and the key forgotten: a write it had pending is dropped (below).
  sessionStorage.clear();
  $('workspace').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = '';
}

// ---- GraphiQL ------------------------------------------------------------------------------

/**
 * GraphiQL's storage: the tab's sessionStorage while a key is signed in. GraphiQL saves its tabs
 * a moment after each change; a save that comes after signing out is dropped, so nothing of the
 * session is left behind.
 */
const graphiqlStorage = {
  getItem: (key) => sessionStorage.getItem(key),
  setItem: (key, value) => {
    if (state.apiKey) sessionStorage.setItem(key, value);
  },
  removeItem: (key) => sessionStorage.removeItem(key),
  clear: () => sessionStorage.clear(),
  get length() {
    return sessionStorage.length;
  },
};

function isSubscription({ query, operationName }) {
  const { parse, getOperationAST } = window.GraphiQL.GraphQL;
  try {
    return getOperationAST(parse(query), operationName || undefined)?.operation === 'subscription';
  } catch {
    return false;
  }
}

/** Subscriptions go over graphql-ws as an observable; everything else is a POST /graphql. */
async function fetcher(params) {
  if (isSubscription(params)) {
    return {
      subscribe(observer) {
        const stop = state.ws.subscribe(params, {
          next: (result) => observer.next(result),
          error: (error) => observer.error(error),
          complete: () => observer.complete(),
        });
        return { unsubscribe: stop };
      },
    };
  }
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await accessToken()}`,
    },
    body: JSON.stringify(params),
  });
  return response.json();
}

function renderGraphiQL() {
  const { React, ReactDOM, GraphiQL } = window;
  state.root = ReactDOM.createRoot($('graphiql'));
  state.root.render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: DEFAULT_QUERY,
      // The access token is the console's to send: no headers editor to leak or persist it.
      isHeadersEditorEnabled: false,
      shouldPersistHeaders: false,
      // Tabs, queries and history live as long as the tab, like the key: a query may hold a
      // secret (issueAccessToken's apiKey, a webhook secret), which localStorage would keep.
      storage: graphiqlStorage,
    }),
  );
}

// ---- REST ----------------------------------------------------------------------------------

async function api(method, path, body) {
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await accessToken()}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(answer?.error?.message ?? `${method} ${path} failed (${response.status})`);
  }
  return answer;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- recent calls --------------------------------------------------------------------------

function statusClass(status) {
  return status >= 500 ? 'status-server' : status >= 400 ? 'status-client' : 'status-ok';
}

function callRow(call) {
  const row = element('tr');
  row.dataset.requestId = call.request_id;
  row.title = `request id ${call.request_id}`;
  row.append(element('td', 'time', new Date(call.occurred_at).toLocaleTimeString()));
  const what = element('td', 'call', `${call.method} ${call.path}`);
  if (call.operation_name) what.append(element('span', 'operation', call.operation_name));
  row.append(what);
  row.append(element('td', `status ${statusClass(call.status)}`, String(call.status)));
  row.append(element('td', 'latency', String(call.latency_ms)));
  return row;
}

async function refreshCalls(more = false) {
  $('calls-error').textContent = '';
  const button = more ? $('more-calls') : $('refresh-calls');
  button.disabled = true;
  try {
    const cursor = more && state.nextCalls ? `&cursor=${encodeURIComponent(state.nextCalls)}` : '';
    const page = await api('GET', `/logs?limit=50${cursor}`);
    const rows = page.data.map(callRow);
    if (more) $('calls').append(...rows);
    else $('calls').replaceChildren(...rows);
    state.nextCalls = page.next_cursor;
    $('more-calls').hidden = !page.has_more;
    $('calls-empty').hidden = $('calls').children.length > 0;
  } catch (error) {
    $('calls-error').textContent = error.message;
  } finally {
    button.disabled = false;
  }
}

// ---- webhook simulator ---------------------------------------------------------------------

async function loadWebhooks() {
  $('simulator-error').textContent = '';
  const select = $('webhook');
  try {
    const { data } = await api('GET', '/webhooks');
    select.replaceChildren(
      ...data.map((webhook) => {
        const option = element('option', '', `${webhook.webhook_id} → ${webhook.target_url}`);
        option.value = webhook.webhook_id;
        option.disabled = webhook.status !== 'enabled';
        return option;
      }),
    );
    $('send-test').disabled = data.length === 0;
    if (data.length === 0) {
      $('simulator-error').textContent = 'No webhook yet: create one with POST /api/v1/webhooks.';
    }
  } catch (error) {
    select.replaceChildren();
    $('send-test').disabled = true;
    $('simulator-error').textContent = error.message;
  }
}

async function sendTest(event) {
  event.preventDefault();
  $('simulator-error').textContent = '';
  const id = $('webhook').value;
  if (!id) return;
  $('send-test').disabled = true;
  try {
    const delivery = await api('POST', `/webhooks/${encodeURIComponent(id)}/test`, {
      event: $('event').value,
    });
    $('simulator-result').textContent = JSON.stringify(delivery, null, 2);
    $('simulator-result').hidden = false;
  } catch (error) {
    $('simulator-error').textContent = error.message;
  } finally {
    $('send-test').disabled = false;
  }
}

// ---- start ---------------------------------------------------------------------------------

$('event').replaceChildren(
  ...EVENT_TYPES.map((type) => {
    const option = element('option', '', type);
    option.value = type;
    return option;
  }),
);
$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn($('api-key').value);
  $('api-key').value = '';
});
$('sign-out').addEventListener('click', signOut);
$('refresh-calls').addEventListener('click', () => refreshCalls());
$('more-calls').addEventListener('click', () => refreshCalls(true));
$('refresh-webhooks').addEventListener('click', loadWebhooks);
$('simulator').addEventListener('submit', sendTest);

const given = fragmentWithApiKey();
const stored = sessionStorage.getItem(KEY_STORE);
if (given) signIn(given.get('api_key'));
else if (stored) signIn(stored);
else signOut();
