'use strict';
// Browser Rendering (wrangler.jsonc `browser`): env.<binding> is the Fetcher @cloudflare/puppeteer
// talks to with `binding.fetch("https://fake.host/v1/…")`. Both generations of its protocol are
// answered (docs/bindings/browser-rendering.md): 1.1+ acquires with POST /v1/devtools/browser and
// connects with a WebSocket upgrade of /v1/devtools/browser/<id> (plain CDP text frames), or
// does both with an upgrade of /v1/devtools/browser; 1.0 and earlier use /v1/acquire and
// /v1/connectDevtools (binary chunked frames). /v1/sessions, /v1/history and /v1/limits report
// the server's sessions. The browsers and the DevTools relay live natively on the server's
// browser thread (src/bindings/browser); a connection returns a WebSocket whose other end that
// relay holds, so it does not end with the request that opened it.

const {
  TypeError, NumberIsFinite, MathFloor, MathMin, StringPrototypeToLowerCase, StringPrototypeStartsWith,
  StringPrototypeSlice, SymbolToStringTag, JSONParse, decodeURIComponent,
} = primordials;
const { browserAcquire, browserConnect, browserInfo } = ops;

const kDevTools = '/v1/devtools/browser';
const kMaxUint32 = 4294967295;

function textResponse(status, message) {
  return new internals.Response(message, { status, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
}

function jsonResponse(json) {
  return new internals.Response(json, { status: 200, headers: { 'content-type': 'application/json' } });
}

// keep_alive in milliseconds (0: the default); the service clamps it to 10 minutes.
function keepAliveOf(url) {
  const text = url.searchParams.get('keep_alive');
  if (text === null || text === '') return 0;
  const value = +text;
  if (!NumberIsFinite(value) || value < 0) return null;
  return MathMin(MathFloor(value), kMaxUint32);
}

// [status, body]: 200 with {"sessionId"}, else the reason as text.
async function acquire(url) {
  const keepAlive = keepAliveOf(url);
  if (keepAlive === null) {
    return [400, `keep_alive must be a number of milliseconds, got "${url.searchParams.get('keep_alive')}".`];
  }
  return browserAcquire(keepAlive);
}

function acquireResponse([status, body]) {
  return status === 200 ? jsonResponse(body) : textResponse(status, body);
}

function connect(sessionId, chunked) {
  if (sessionId === null || sessionId === '') return textResponse(400, 'A browser session id is required.');
  const result = browserConnect(sessionId, chunked);
  if (typeof result !== 'number') return textResponse(result[0], result[1]);
  return new internals.Response(null, { status: 101, webSocket: internals.webSocketFromId(result) });
}

function info(kind) {
  const json = browserInfo(kind);
  if (json === undefined) return textResponse(503, 'Browser Rendering is not available in this context.');
  return jsonResponse(json);
}

function notFound(method, path) {
  return textResponse(404, `Browser Rendering has no endpoint ${method} ${path}.`);
}

class BrowserWorker {
  constructor(key) {
    if (key !== internals) throw new TypeError('Illegal constructor');
  }

  async fetch(input, init = undefined) {
    const request = new internals.Request(input, init);
    const url = new internals.URL(request.url);
    const path = url.pathname;
    const method = request.method;
    const upgrade = StringPrototypeToLowerCase(request.headers.get('upgrade') ?? '') === 'websocket';
    if (path === kDevTools) {
      if (upgrade) {
        // 1.3+: acquire and connect in one call.
        const acquired = await acquire(url);
        if (acquired[0] !== 200) return textResponse(acquired[0], acquired[1]);
        return connect(JSONParse(acquired[1]).sessionId, false);
      }
      if (method === 'POST') return acquireResponse(await acquire(url));
      return notFound(method, path);
    }
    if (StringPrototypeStartsWith(path, `${kDevTools}/`)) {
      if (!upgrade) return textResponse(426, 'Connecting to a browser session needs a WebSocket upgrade.');
      let sessionId;
      try {
        sessionId = decodeURIComponent(StringPrototypeSlice(path, kDevTools.length + 1));
      } catch {
        return textResponse(400, `Malformed browser session id in ${path}.`);
      }
      return connect(sessionId, false);
    }
    if (method !== 'GET') return notFound(method, path);
    switch (path) {
      case '/v1/acquire': return acquireResponse(await acquire(url));
      case '/v1/connectDevtools':
        if (!upgrade) return textResponse(426, 'Connecting to a browser session needs a WebSocket upgrade.');
        return connect(url.searchParams.get('browser_session'), true);
      case '/v1/sessions': return info('sessions');
      case '/v1/history': return info('history');
      case '/v1/limits': return info('limits');
      default: return notFound(method, path);
    }
  }

  get [SymbolToStringTag]() { return 'Fetcher'; }
}

internals.bindingFactories.browser = () => new BrowserWorker(internals);
