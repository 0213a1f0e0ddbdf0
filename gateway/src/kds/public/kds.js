// Kitchen display: signs in with an API key (typed, or given in the URL fragment, which never
// reaches the server), follows `kitchenTickets` over graphql-ws and marks items ready.
import { createClient } from '/kds/vendor/graphql-ws/client.js';
import { accessTokens, fragmentWithApiKey } from '/kds/access-token.js';

const KEY_STORE = 'sotto.kds.apiKey';
const STATION_STORE = 'sotto.kds.station';
/** A ticket waiting longer than this is shown as late. */
const LATE_AFTER_MS = 15 * 60_000;

const TICKETS = `subscription Tickets($station: String, $after: String) {
  kitchenTickets(station: $station, after: $after) {
    id
    tableId
    createdAt
    version
    items { id name quantity modifiers notes status station }
  }
}`;

const CHANGE_ITEM = `mutation Bump($orderId: ID!, $itemId: ID!, $status: OrderItemStatus!) {
  changeOrderItemStatus(orderId: $orderId, itemId: $itemId, status: $status) { id version }
}`;

const $ = (id) => document.getElementById(id);

const state = {
  apiKey: null,
  station: '',
  /** The last event seen: where a reconnection resumes. */
  cursor: null,
  /** Open tickets by order id. */
  tickets: new Map(),
  client: null,
  retryMs: 500,
};

// ---- sign-in -------------------------------------------------------------------------------

const tokens = accessTokens(() => state.apiKey);
const accessToken = () => tokens.get();

function showSignIn(message = '') {
  $('sign-in').hidden = false;
  $('sign-out').hidden = true;
  $('sign-in-error').textContent = message;
  setStatus('—', '');
}

async function signIn(apiKey, station) {
  state.apiKey = apiKey;
  state.station = station.trim();
  try {
    await accessToken();
  } catch (error) {
    state.apiKey = null;
    sessionStorage.removeItem(KEY_STORE);
    showSignIn(error.message);
    return;
  }
  sessionStorage.setItem(KEY_STORE, apiKey);
  sessionStorage.setItem(STATION_STORE, state.station);
  $('sign-in').hidden = true;
  $('sign-out').hidden = false;
  $('station-label').textContent = state.station || 'tous les postes';
  connect();
}

function signOut() {
  sessionStorage.removeItem(KEY_STORE);
  state.client?.dispose();
  state.client = null;
  state.apiKey = null;
  tokens.forget();
  state.cursor = null;
  state.tickets.clear();
  render();
  showSignIn();
}

// ---- live tickets --------------------------------------------------------------------------

function setStatus(text, kind) {
  $('status').textContent = text;
  $('status').className = `status ${kind}`;
}

function connect() {
  state.client?.dispose();
  const client = createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: async () => ({ authorization: `Bearer ${await accessToken()}` }),
    // Reconnection is ours: it resumes from the last cursor rather than from the start.
    retryAttempts: 0,
    keepAlive: 10_000,
    on: {
      connected: () => {
        state.retryMs = 500;
        setStatus('en direct', 'live');
      },
    },
  });
  state.client = client;
  const resuming = state.cursor !== null;
  if (!resuming) {
    state.tickets.clear();
    render();
  }
  client.subscribe(
    {
      query: TICKETS,
      variables: { station: state.station || null, after: state.cursor },
    },
    {
      next: (result) => {
        if (result.extensions?.cursor) state.cursor = result.extensions.cursor;
        const order = result.data?.kitchenTickets;
        if (order) apply(order);
      },
      // GraphQL errors (a key without `orders:read`, say) will not pass on a retry.
      error: (error) => (Array.isArray(error) ? refused(client, error) : reconnect(client)),
      complete: () => reconnect(client),
    },
  );
}

function reconnect(client) {
  if (state.client !== client || !state.apiKey) return;
  client.dispose();
  state.client = null;
  setStatus('reconnexion…', 'down');
  const wait = state.retryMs;
  state.retryMs = Math.min(state.retryMs * 2, 10_000);
  setTimeout(async () => {
    if (!state.apiKey || state.client) return;
    try {
      await accessToken();
    } catch (error) {
      // A revoked or unknown key goes back to the form; the network being away, on retrying.
      if (error.status === 401 || error.status === 403) {
        signOut();
        showSignIn(error.message);
        return;
      }
    }
    connect();
  }, wait);
}

function refused(client, errors) {
  if (state.client !== client) return;
  signOut();
  showSignIn(errors.map((error) => error.message).join('; '));
}

function apply(order) {
  if (order.items.length === 0) state.tickets.delete(order.id);
  else state.tickets.set(order.id, order);
  render();
}

// ---- marking items -------------------------------------------------------------------------

async function graphql(query, variables) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await accessToken()}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) throw new Error(body.errors[0].message);
  return body.data;
}

/** Pending items go through `preparing` on their way to `ready`. */
async function bump(orderId, item, target, button) {
  button.disabled = true;
  try {
    if (target === 'READY' && item.status === 'PENDING') {
      await graphql(CHANGE_ITEM, { orderId, itemId: item.id, status: 'PREPARING' });
    }
    await graphql(CHANGE_ITEM, { orderId, itemId: item.id, status: target });
  } catch (error) {
    setStatus(error.message, 'down');
    button.disabled = false;
  }
}

// ---- view ----------------------------------------------------------------------------------

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function waitingFor(createdAt) {
  const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(createdAt)) / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

function itemView(order, item) {
  const row = element('li', 'item');
  row.dataset.itemId = item.id;
  row.append(element('span', 'name', `${item.quantity} × ${item.name}`));
  if (item.modifiers.length) row.append(element('span', 'modifiers', item.modifiers.join(' · ')));
  if (item.notes) row.append(element('span', 'notes', item.notes));
  row.append(element('span', 'state', item.status === 'PREPARING' ? 'en cours' : 'à faire'));
  const actions = element('span', 'actions');
  if (item.status === 'PENDING') {
    const start = element('button', 'quiet start', 'Lancer');
    start.type = 'button';
    start.addEventListener('click', () => bump(order.id, item, 'PREPARING', start));
    actions.append(start);
  }
  const ready = element('button', 'ready', 'Prêt');
  ready.type = 'button';
  ready.addEventListener('click', () => bump(order.id, item, 'READY', ready));
  actions.append(ready);
  row.append(actions);
  return row;
}

function ticketView(order) {
  const card = element('article', 'ticket');
  card.dataset.orderId = order.id;
  const header = element('header');
  header.append(element('span', 'table', order.tableId ? `Table ${order.tableId}` : 'À emporter'));
  const waiting = element('span', 'waiting', waitingFor(order.createdAt));
  waiting.dataset.since = order.createdAt;
  header.append(waiting);
  card.append(header);
  const list = element('ul');
  for (const item of order.items) list.append(itemView(order, item));
  card.append(list);
  return card;
}

function render() {
  const orders = [...state.tickets.values()].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
  );
  $('tickets').replaceChildren(...orders.map(ticketView));
  $('empty').hidden = orders.length > 0 || !state.apiKey;
  $('count').textContent = state.apiKey
    ? `${orders.length} ticket${orders.length > 1 ? 's' : ''}`
    : '';
  tick();
}

/** Time waiting, every second. */
function tick() {
  for (const waiting of document.querySelectorAll('.waiting')) {
    waiting.textContent = waitingFor(waiting.dataset.since);
    const late = Date.now() - Date.parse(waiting.dataset.since) > LATE_AFTER_MS;
    waiting.closest('.ticket').classList.toggle('late', late);
  }
}

// ---- start ---------------------------------------------------------------------------------

$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn($('api-key').value, $('station').value);
  $('api-key').value = '';
});
$('sign-out').addEventListener('click', signOut);
setInterval(tick, 1000);

const given = fragmentWithApiKey();
const stored = sessionStorage.getItem(KEY_STORE);
if (given) signIn(given.get('api_key'), given.get('station') ?? '');
else if (stored) signIn(stored, sessionStorage.getItem(STATION_STORE) ?? '');
else showSignIn();
