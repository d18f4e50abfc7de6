'use strict';
// http.request()/get() and https.request()/get(): a ClientRequest is an OutgoingMessage whose
// body is gathered until end(), then sent with the runtime's fetch (so the Worker's subrequest
// limits and the fetch cache apply, as on workerd). The response arrives as an IncomingMessage
// fed by the fetch body, streamed. Redirects are not followed, as in Node.

const {
  Error, TypeError, Symbol, ArrayIsArray, PromisePrototypeThen, RegExpPrototypeExec, StringPrototypeToUpperCase,
  StringPrototypeStartsWith, StringPrototypeSlice, ObjectKeys,
} = primordials;
const { nodeErrors } = internals;
const { nextTick } = internals.nodeStream;
const {
  OutgoingMessage, IncomingMessage, STATUS_CODES, Agent, globalAgent, httpsGlobalAgent,
  checkIsHttpToken, httpErrors,
} = internals.nodeHttp;
const { setTimeout, clearTimeout, URL, AbortController } = globalThis;

// Node's codes for what a failed fetch says (libraries retry on ECONNRESET, ECONNREFUSED …).
const fetchFailureCodes = [
  [/refused/i, 'ECONNREFUSED'], [/timed? ?out/i, 'ETIMEDOUT'], [/reset|lost/i, 'ECONNRESET'],
  [/DNS|not known|no addresses|resolve/i, 'ENOTFOUND'],
];
function requestError(error) {
  const message = `${error?.message ?? error}`;
  for (const [pattern, code] of fetchFailureCodes) {
    if (RegExpPrototypeExec(pattern, message) !== null) {
      const failure = nodeErrors.make(Error, code, message);
      failure.cause = error;
      return failure;
    }
  }
  return error;
}

// What http.request(url) reads from a URL (Node's urlToHttpOptions).
function urlToHttpOptions(url) {
  const hostname = StringPrototypeStartsWith(url.hostname, '[')
    ? StringPrototypeSlice(url.hostname, 1, -1) : url.hostname;
  const options = {
    protocol: url.protocol, hostname, hash: url.hash, search: url.search,
    pathname: url.pathname, path: `${url.pathname || ''}${url.search || ''}`, href: url.href,
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username || url.password) {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return options;
}

// (url[, options][, callback]) | (options[, callback]) → one options object and the callback.
function normalizeRequestArgs(input, options, callback) {
  let fromUrl = {};
  if (typeof input === 'string') {
    fromUrl = urlToHttpOptions(new URL(input));
  } else if (input instanceof URL) {
    fromUrl = urlToHttpOptions(input);
  } else {
    callback = options;
    options = input;
  }
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  return [{ ...fromUrl, ...(options ?? {}) }, callback];
}

const kBody = Symbol('kBody');
const kAbort = Symbol('kAbort');
const kTimer = Symbol('kTimer');

class ClientRequest extends OutgoingMessage {
  constructor(input, options, callback, defaultAgent = globalAgent) {
    // The exchange ends with the response, not with the request body: _onResponse destroys.
    super({ autoDestroy: false });
    [options, callback] = normalizeRequestArgs(input, options, callback);
    let agent = options.agent;
    if (agent === false) agent = new Agent();
    else if (agent === undefined || agent === null) agent = options._defaultAgent ?? defaultAgent;
    this.agent = agent;
    const expected = agent.protocol ?? 'http:';
    const protocol = options.protocol ?? expected;
    if (protocol !== expected) throw httpErrors.invalidProtocol(protocol, expected);

    const defaultPort = options.defaultPort ?? agent.defaultPort ?? 80;
    const port = Number(options.port ?? defaultPort);
    const host = options.hostname ?? options.host ?? 'localhost';
    const path = options.path ?? '/';
    if (RegExpPrototypeExec(/[\u0000-\u0020]/, path) !== null) {
      throw nodeErrors.make(TypeError, 'ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters');
    }
    let method = options.method ?? 'GET';
    if (typeof method !== 'string') throw nodeErrors.invalidArgType('options.method', 'of type string', method);
    if (!checkIsHttpToken(method)) throw httpErrors.invalidToken('Method', method);
    method = StringPrototypeToUpperCase(method);

    this.method = method;
    this.path = path;
    this.host = host;
    this.protocol = protocol;
    this.port = port;
    this.aborted = false;
    this.res = null;
    this.reusedSocket = false;
    this.maxHeadersCount = null;
    this.timeout = options.timeout;
    this._hasBody = method !== 'GET' && method !== 'HEAD';
    this[kBody] = [];
    this[kAbort] = new AbortController();
    this[kTimer] = null;

    const headers = options.headers;
    if (ArrayIsArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) this.appendHeader(headers[i], headers[i + 1]);
    } else if (headers) {
      for (const name of ObjectKeys(headers)) {
        if (headers[name] !== undefined) this.setHeader(name, headers[name]);
      }
    }
    if (!this.hasHeader('host') && options.setHost !== false) {
      const shownHost = host.includes(':') ? `[${host}]` : host;
      this.setHeader('Host', port === defaultPort ? shownHost : `${shownHost}:${port}`);
    }
    if (options.auth && !this.hasHeader('authorization')) {
      this.setHeader('Authorization', `Basic ${internals.Buffer.from(options.auth).toString('base64')}`);
    }
    if (typeof callback === 'function') this.once('response', callback);
    if (options.timeout !== undefined) this.setTimeout(options.timeout);
    if (options.signal) {
      const { signal } = options;
      if (signal.aborted) nextTick(() => this.destroy(signal.reason));
      else signal.addEventListener('abort', () => this.destroy(signal.reason), { once: true });
    }
  }

  // The request line and headers leave with the body, at end().
  _sendHead() {}

  _write(chunk, encoding, callback) {
    this[kBody].push(typeof chunk === 'string' ? internals.Buffer.from(chunk, encoding) : chunk);
    callback();
  }

  _final(callback) {
    callback();
    this._send();
  }

  _send() {
    const shownHost = this.host.includes(':') ? `[${this.host}]` : this.host;
    const url = `${this.protocol}//${shownHost}:${this.port}${this.path}`;
    const headers = [];
    for (const pair of this._headerPairs()) {
      if (pair[0].toLowerCase() !== 'host') headers.push(pair);
    }
    const body = this._hasBody || this[kBody].length > 0 ? internals.Buffer.concat(this[kBody]) : undefined;
    this[kBody] = [];
    let pending;
    try {
      pending = internals.fetch(url, {
        method: this.method, headers, body, redirect: 'manual', signal: this[kAbort].signal,
      });
    } catch (error) {
      this.destroy(requestError(error));
      return;
    }
    PromisePrototypeThen(pending, (response) => this._onResponse(response), (error) => {
      if (!this.destroyed) this.destroy(requestError(error));
    });
  }

  _onResponse(response) {
    if (this.destroyed) {
      PromisePrototypeThen(response.body?.cancel(), undefined, () => {});
      return;
    }
    const res = new IncomingMessage(null);
    res.req = this;
    res.statusCode = response.status;
    res.statusMessage = response.statusText || STATUS_CODES[response.status] || '';
    const lines = [];
    for (const [name, value] of response.headers) lines.push(name, value);
    res._addHeaderLines(lines, lines.length);
    res._stream = this.method === 'HEAD' ? null : response.body;
    this.res = res;
    if (this[kTimer] !== null) this.setTimeout(this.timeout);
    res.once('end', () => {
      this._clearTimer();
      if (!this.destroyed) this.destroy();
    });
    res.once('error', () => this._clearTimer());
    // Without a 'response' listener the body is drained, as Node does, so the exchange ends.
    if (!this.emit('response', res)) res.resume();
  }

  // An idle timeout: 'timeout' fires once after msecs; the caller decides to destroy.
  setTimeout(msecs, callback) {
    if (typeof callback === 'function') this.once('timeout', callback);
    this._clearTimer();
    this.timeout = msecs;
    if (msecs > 0 && !this.destroyed) {
      this[kTimer] = setTimeout(() => {
        this[kTimer] = null;
        this.emit('timeout');
      }, msecs);
    }
    return this;
  }

  _clearTimer() {
    if (this[kTimer] !== null) clearTimeout(this[kTimer]);
    this[kTimer] = null;
  }

  abort() {
    if (this.aborted) return;
    this.aborted = true;
    nextTick(() => this.emit('abort'));
    this.destroy();
  }

  // A request destroyed after it was sent and before its response ended fails as a hung-up
  // socket (Node's ECONNRESET), unless abort() asked for it. One never sent goes quietly.
  _destroy(error, callback) {
    this._clearTimer();
    this[kAbort].abort();
    const unfinished = this.res === null || !this.res.complete;
    if (!error && unfinished && !this.aborted && this.writableEnded) {
      error = nodeErrors.make(Error, 'ECONNRESET', 'socket hang up');
    }
    if (this.res !== null && !this.res.complete) {
      this.res.aborted = true;
      this.res.emit('aborted');
      this.res.destroy(error);
    }
    callback(error);
  }

  setNoDelay() {}
  setSocketKeepAlive() {}
}

function request(input, options, callback) {
  return new ClientRequest(input, options, callback, globalAgent);
}

function get(input, options, callback) {
  const req = request(input, options, callback);
  req.end();
  return req;
}

function httpsRequest(input, options, callback) {
  return new ClientRequest(input, options, callback, httpsGlobalAgent);
}

function httpsGet(input, options, callback) {
  const req = httpsRequest(input, options, callback);
  req.end();
  return req;
}

internals.nodeHttp.ClientRequest = ClientRequest;
internals.nodeHttp.request = request;
internals.nodeHttp.get = get;
internals.nodeHttp.httpsRequest = httpsRequest;
internals.nodeHttp.httpsGet = httpsGet;
