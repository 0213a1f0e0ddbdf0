// Signing in with an API key, shared by the kitchen display and the developer console (which
// imports it from /kds/access-token.js): the key comes from a form or from the URL fragment,
// which never reaches the server, and is exchanged for short-lived access tokens.

/** The fragment's parameters when it carries `api_key`, taken out of the address bar at once. */
export function fragmentWithApiKey() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (!fragment.get('api_key')) return null;
  history.replaceState(null, '', location.pathname + location.search);
  return fragment;
}

/**
 * Access tokens for the key `apiKey()` answers: `get()` exchanges it at POST /api/v1/auth/token
 * and again 30 s before the token expires; a refusal throws with the envelope's message and
 * the HTTP status. `forget()` drops the token (signing out).
 */
export function accessTokens(apiKey) {
  let token = null;
  let expiresAt = 0;
  return {
    async get() {
      if (token && Date.now() < expiresAt - 30_000) return token;
      const response = await fetch('/api/v1/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: apiKey() }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        const error = new Error(body.error?.message ?? `sign-in failed (${response.status})`);
        error.status = response.status;
        throw error;
      }
      token = body.access_token;
      expiresAt = Date.now() + body.expires_in * 1000;
      return token;
    },
    forget() {
      token = null;
      expiresAt = 0;
    },
  };
}
