// @cloudflare/workers-oauth-provider (tests/compat/workers-oauth-provider) on edged, storing
// its clients, grants and tokens in edged's KV: discovery metadata, dynamic client registration,
// the authorization-code flow with PKCE, token exchange, API calls with the access token,
// refresh, and the rejections (no token, forged token, wrong verifier, reused code, denial).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { missingPackages, serveCompatWorker } from './lib/serve.mjs';

const skip = missingPackages('@cloudflare/workers-oauth-provider');
let edged;
before(async () => { if (!skip) edged = await serveCompatWorker('workers-oauth-provider'); });
after(async () => { await edged?.stop(); });

const REDIRECT = 'http://127.0.0.1:9/callback';

async function register(extra = {}) {
  const res = await fetch(edged.url + '/oauth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'compat client', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', ...extra }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body;
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(clientId, challenge, { user = 'alice', scope = 'read write offline_access', extra = {} } = {}) {
  const query = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, scope, state: 'st-123',
    code_challenge: challenge, code_challenge_method: 'S256', user, ...extra,
  });
  const res = await fetch(`${edged.url}/authorize?${query}`, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location') ? new URL(res.headers.get('location')) : null, res };
}

async function token(params, headers = {}) {
  const res = await fetch(edged.url + '/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
  return { status: res.status, body: await res.json() };
}

async function signIn(user = 'alice') {
  const client = await register();
  const { verifier, challenge } = pkce();
  const { location } = await authorize(client.client_id, challenge, { user });
  const code = location.searchParams.get('code');
  const tokens = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: client.client_id, code_verifier: verifier });
  return { client, tokens: tokens.body };
}

const api = (path, accessToken, init = {}) =>
  fetch(edged.url + path, { ...init, headers: { ...(init.headers ?? {}), ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) } });

test('discovery metadata names the endpoints', { skip }, async () => {
  const res = await fetch(edged.url + '/.well-known/oauth-authorization-server');
  assert.equal(res.status, 200);
  const meta = await res.json();
  const origin = new URL(edged.url).origin;
  assert.equal(meta.issuer, origin);
  assert.equal(meta.authorization_endpoint, `${origin}/authorize`);
  assert.equal(meta.token_endpoint, `${origin}/oauth/token`);
  assert.equal(meta.registration_endpoint, `${origin}/oauth/register`);
  assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(meta.scopes_supported, ['read', 'write', 'offline_access']);
});

test('registration, authorization code with PKCE, token exchange, API call', { skip }, async () => {
  const client = await register();
  assert.equal(typeof client.client_id, 'string');
  assert.equal(client.client_secret, undefined);
  assert.deepEqual(client.redirect_uris, [REDIRECT]);

  const { verifier, challenge } = pkce();
  const auth = await authorize(client.client_id, challenge);
  assert.equal(auth.status, 302);
  assert.equal(`${auth.location.origin}${auth.location.pathname}`, REDIRECT);
  assert.equal(auth.location.searchParams.get('state'), 'st-123');
  assert.equal(auth.location.searchParams.get('iss'), new URL(edged.url).origin);
  const code = auth.location.searchParams.get('code');
  assert.ok(code && code.length > 20);

  const tokens = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: client.client_id, code_verifier: verifier });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  assert.equal(tokens.body.token_type, 'bearer');
  assert.equal(tokens.body.expires_in, 600);
  assert.equal(tokens.body.scope, 'read write offline_access');
  assert.equal(typeof tokens.body.refresh_token, 'string');

  const me = await api('/api/me', tokens.body.access_token);
  assert.equal(me.status, 200);
  const body = await me.json();
  assert.equal(body.userId, 'alice');
  assert.ok(Math.abs(body.signedInAt - Date.now()) < 60_000);
  const echo = await api('/api/echo', tokens.body.access_token, { method: 'POST', body: JSON.stringify({ n: 1 }) });
  assert.deepEqual(await echo.json(), { userId: 'alice', body: { n: 1 } });

  const grants = await (await fetch(`${edged.url}/grants?user=alice`)).json();
  assert.deepEqual(grants, [{ clientId: client.client_id, scope: ['read', 'write', 'offline_access'] }]);

  // The code is single-use.
  const again = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: client.client_id, code_verifier: verifier });
  assert.equal(again.status, 400);
  assert.equal(again.body.error, 'invalid_grant');
});

test('the API refuses missing, forged and unknown tokens', { skip }, async () => {
  const { tokens } = await signIn('bob');
  const none = await api('/api/me');
  assert.equal(none.status, 401);
  assert.match(none.headers.get('www-authenticate'), /^Bearer realm="OAuth", resource_metadata="[^"]+\/\.well-known\/oauth-protected-resource\/api\/"$/);

  const [user, grant, secret] = tokens.access_token.split(':');
  assert.ok(user && grant && secret, tokens.access_token);
  const forged = await api('/api/me', `${user}:${grant}:${secret.slice(0, -4)}abcd`);
  assert.equal(forged.status, 401);
  assert.match(forged.headers.get('www-authenticate'), /error="invalid_token"/);
  assert.equal((await api('/api/me', 'not-a-token')).status, 401);
  assert.equal((await api('/api/me', `alice:${grant}:${secret}`)).status, 401);
  assert.equal((await api('/api/me', tokens.access_token)).status, 200);
  assert.equal(await (await fetch(edged.url + '/')).text(), 'public page');
});

test('PKCE: a wrong verifier gets invalid_grant', { skip }, async () => {
  const client = await register();
  const { challenge } = pkce();
  const { location } = await authorize(client.client_id, challenge);
  const result = await token({
    grant_type: 'authorization_code', code: location.searchParams.get('code'), redirect_uri: REDIRECT,
    client_id: client.client_id, code_verifier: pkce().verifier,
  });
  assert.equal(result.status, 400);
  assert.equal(result.body.error, 'invalid_grant');
});

test('refresh: a new access token works, the refresh token rotates', { skip }, async () => {
  const { client, tokens } = await signIn('carol');
  const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  assert.notEqual(refreshed.body.access_token, tokens.access_token);
  assert.notEqual(refreshed.body.refresh_token, tokens.refresh_token);
  const me = await api('/api/me', refreshed.body.access_token);
  assert.equal((await me.json()).userId, 'carol');
  const narrowed = await token({ grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token, client_id: client.client_id, scope: 'read' });
  assert.equal(narrowed.status, 200, JSON.stringify(narrowed.body));
  assert.equal(narrowed.body.scope, 'read');
  // A refresh can only narrow: scopes the grant lacks are dropped, and asking for none of its
  // scopes is invalid_scope.
  const widened = await token({ grant_type: 'refresh_token', refresh_token: narrowed.body.refresh_token, client_id: client.client_id, scope: 'read admin' });
  assert.equal(widened.status, 200, JSON.stringify(widened.body));
  assert.equal(widened.body.scope, 'read');
  const foreign = await token({ grant_type: 'refresh_token', refresh_token: widened.body.refresh_token, client_id: client.client_id, scope: 'admin' });
  assert.equal(foreign.status, 400);
  assert.equal(foreign.body.error, 'invalid_scope');
});

test('confidential client: client_secret_basic at the token endpoint', { skip }, async () => {
  const client = await register({ token_endpoint_auth_method: 'client_secret_basic' });
  assert.equal(typeof client.client_secret, 'string');
  const { verifier, challenge } = pkce();
  const { location } = await authorize(client.client_id, challenge, { user: 'dave' });
  const params = { grant_type: 'authorization_code', code: location.searchParams.get('code'), redirect_uri: REDIRECT, code_verifier: verifier };
  const basic = (secret) => ({ authorization: 'Basic ' + Buffer.from(`${client.client_id}:${secret}`).toString('base64') });
  const wrong = await token(params, basic('wrong-secret'));
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error, 'invalid_client');
  const right = await token(params, basic(client.client_secret));
  assert.equal(right.status, 200, JSON.stringify(right.body));
  assert.equal((await (await api('/api/me', right.body.access_token)).json()).userId, 'dave');
});

test('authorize: bad requests are rejected, a denial redirects with access_denied', { skip }, async () => {
  const client = await register();
  const { challenge } = pkce();
  const denied = await authorize(client.client_id, challenge, { extra: { deny: '1' } });
  assert.equal(denied.status, 302);
  assert.equal(denied.location.searchParams.get('error'), 'access_denied');
  assert.equal(denied.location.searchParams.get('state'), 'st-123');

  const unknown = await authorize('no-such-client', challenge);
  assert.equal(unknown.status, 400);
  assert.deepEqual(await unknown.res.json(), { error: 'invalid_request', description: 'Invalid client_id' });

  const otherRedirect = await fetch(`${edged.url}/authorize?${new URLSearchParams({
    response_type: 'code', client_id: client.client_id, redirect_uri: 'https://evil.example/cb', code_challenge: challenge, code_challenge_method: 'S256',
  })}`, { redirect: 'manual' });
  assert.equal(otherRedirect.status, 400);
  assert.deepEqual(await otherRedirect.json(), { error: 'invalid_request', description: 'Invalid redirect URI' });

  const noPkce = await fetch(`${edged.url}/authorize?${new URLSearchParams({
    response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT, state: 's',
  })}`, { redirect: 'manual' });
  assert.equal(noPkce.status, 302);
  assert.equal(new URL(noPkce.headers.get('location')).searchParams.get('error'), 'invalid_request');
});
