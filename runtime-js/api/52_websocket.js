'use strict';
// WebSocket, WebSocketPair, MessageEvent and CloseEvent as Workers has them. Each WebSocket is
// one end of a native channel (src/api/websocket_channel.h) known by an id: a WebSocketPair's
// ends are connected to each other; returning an end in a 101 response connects the other to the
// client's connection (src/api/fetch_event.cc); a Durable Object's reply carries its end across
// threads (51_durable_objects.js, ops.wsPark/wsClaim).

const {
  Error, TypeError, SafeMap, ObjectPrototypeIsPrototypeOf, ArrayBufferIsView,
} = primordials;
const { wsPair, wsAccept, wsSend, wsClose, wsClaim } = ops;
const { Event, EventTarget, DOMException } = internals;

class MessageEvent extends Event {
  #data;
  constructor(type, init = undefined) {
    super(type, init);
    this.#data = init?.data;
  }
  get data() { return this.#data; }
}

class CloseEvent extends Event {
  #code;
  #reason;
  #wasClean;
  constructor(type, init = undefined) {
    super(type, init);
    this.#code = init?.code ?? 0;
    this.#reason = `${init?.reason ?? ''}`;
    this.#wasClean = !!init?.wasClean;
  }
  get code() { return this.#code; }
  get reason() { return this.#reason; }
  get wasClean() { return this.#wasClean; }
}

const kConnecting = 0;
const kOpen = 1;
const kClosing = 2;
const kClosed = 3;
// Cloudflare's bound on serializeAttachment() (the serialized value).
const kMaxAttachmentBytes = 2048;
const kMaxReasonBytes = 123;

const byId = new SafeMap();  // accepted sockets, for internals.wsEvent

function validateClose(code, reason) {
  if (code !== undefined) {
    code = +code;
    if (!(code >= 1000 && code < 5000) || code === 1004 || code === 1005 || code === 1006 || code === 1015 || (code | 0) !== code) {
      throw new TypeError(`Invalid WebSocket close code: ${code}.`);
    }
  }
  if (reason !== undefined) {
    if (code === undefined) throw new TypeError('If you specify a WebSocket close reason, you must also specify a code.');
    reason = `${reason}`;
    if (ops.encodeUtf8(reason).byteLength > kMaxReasonBytes) {
      throw new TypeError('The WebSocket close reason must not be longer than 123 bytes of UTF-8.');
    }
  }
  return [code ?? 1005, reason ?? ''];
}

function messageBytes(message) {
  if (typeof message === 'string') return message;
  if (ObjectPrototypeIsPrototypeOf(primordials.ArrayBuffer.prototype, message)) return message;
  if (ArrayBufferIsView(message)) return message;
  throw new TypeError("Failed to execute 'send' on 'WebSocket': parameter 1 is not of type 'string or ArrayBuffer or ArrayBufferView'.");
}

class WebSocket extends EventTarget {
  #id;
  #state = kConnecting;
  #accepted = false;   // accept() or acceptWebSocket()
  #handedOver = false; // returned in a Response (or parked for another isolate)
  #closeSent = false;
  #url = null;
  #protocol = '';
  #attachment = null;  // serialized

  constructor(url, protocols = undefined) {
    if (url === internals.kInternalConstruct) {
      super();
      this.#id = protocols;
      return;
    }
    super();
    // A client socket: CONNECTING until the handshake, made with fetch(), succeeds.
    const parsed = internals.parseURL(`${url}`);
    if (parsed === null) throw new DOMException(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`, 'SyntaxError');
    const scheme = parsed.scheme;
    if (scheme !== 'ws' && scheme !== 'wss' && scheme !== 'http' && scheme !== 'https') {
      throw new DOMException(`Failed to construct 'WebSocket': The URL's scheme must be either 'ws' or 'wss'. '${scheme}' is not allowed.`, 'SyntaxError');
    }
    if (parsed.fragment !== null) {
      throw new DOMException(`Failed to construct 'WebSocket': The URL contains a fragment identifier ('#${parsed.fragment}'). Fragment identifiers are not allowed in WebSocket URLs.`, 'SyntaxError');
    }
    this.#id = null;
    this.#url = parsed.href;
    const list = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : [...protocols];
    const target = parsed.href.replace(/^ws(s?):/, 'http$1:');
    const headers = { Upgrade: 'websocket' };
    if (list.length > 0) headers['Sec-WebSocket-Protocol'] = list.join(', ');
    const connected = primordials.PromisePrototypeThen(internals.fetch(target, { headers }), (response) => {
      const other = response.webSocket;
      if (other === null) throw new TypeError(`WebSocket handshake failed: the server answered ${response.status}.`);
      this.#adopt(other.#id, response.headers.get('sec-websocket-protocol') ?? '');
    });
    primordials.PromisePrototypeThen(connected, undefined, (error) => {
      this.#state = kClosed;
      internals.dispatchEvent(this, new internals.ErrorEvent('error', { message: `${error?.message ?? error}`, error }));
      internals.dispatchEvent(this, new CloseEvent('close', { code: 1006, reason: '', wasClean: false }));
    });
  }

  // A client socket's handshake succeeded: this object becomes the end `id`.
  #adopt(id, protocol) {
    this.#id = id;
    this.#protocol = protocol;
    wsAccept(id);
    this.#accepted = true;
    this.#state = kOpen;
    byId.set(id, this);
    internals.dispatchEvent(this, new Event('open'));
  }

  static {
    internals.webSocketFromId = (id) => new WebSocket(internals.kInternalConstruct, id);
    internals.webSocketId = (ws) => ws.#id;
    // The end leaves JavaScript (a 101 response, a Durable Object's reply): returns its id.
    internals.webSocketHandOver = (ws) => {
      if (ws.#accepted) throw new TypeError("Can't return WebSocket that was already accepted.");
      if (ws.#handedOver) throw new TypeError("Can't return WebSocket in a Response more than once.");
      ws.#handedOver = true;
      ws.#state = kOpen;
      return ws.#id;
    };
    // Durable Object hibernation (ctx.acceptWebSocket): accepted, events delivered by the object.
    internals.webSocketAcceptHibernatable = (ws) => {
      ws.#checkAcceptable();
      ws.#accepted = true;
      ws.#state = kOpen;
      return ws.#id;
    };
    // The peer closed a hibernatable socket: returns whether we still owed a reply Close.
    internals.webSocketPeerClosed = (ws) => ws.#peerClosed();
    // From src/api/websocket_ops.cc, on the socket's thread.
    internals.wsEvent = (id, type, a, b, c) => {
      const ws = byId.get(id);
      if (ws !== undefined) ws.#receive(type, a, b, c);
    };
    internals.webSocketAttachmentBytes = (ws) => ws.#attachment;
    // A hibernatable socket rebuilt after its Durable Object left memory.
    internals.webSocketRestore = (id, attachment) => {
      const ws = new WebSocket(internals.kInternalConstruct, id);
      ws.#accepted = true;
      ws.#state = kOpen;
      ws.#attachment = attachment;
      return ws;
    };
  }

  #checkAcceptable() {
    if (this.#handedOver) throw new TypeError("Can't accept() WebSocket that was already used in a response.");
    if (this.#accepted) throw new TypeError("Can't accept() WebSocket twice.");
  }

  accept() {
    this.#checkAcceptable();
    wsAccept(this.#id);
    this.#accepted = true;
    this.#state = kOpen;
    byId.set(this.#id, this);
    internals.onWebSocketAccepted?.(this);
  }

  send(message) {
    if (this.#state === kConnecting && this.#url !== null) {
      throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
    }
    if (!this.#accepted) {
      throw new TypeError('You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.');
    }
    if (this.#closeSent) throw new TypeError("Can't call WebSocket send() after close().");
    if (this.#state === kClosed) return;
    wsSend(this.#id, messageBytes(message));
  }

  close(code = undefined, reason = undefined) {
    const [wireCode, wireReason] = validateClose(code, reason);
    if (this.#closeSent || this.#state === kClosed) return;
    if (!this.#accepted) {
      throw new TypeError('You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.');
    }
    this.#closeSent = true;
    this.#state = kClosing;
    wsClose(this.#id, wireCode, wireReason);
  }

  serializeAttachment(value) {
    const bytes = ops.serialize(value);
    if (bytes.byteLength > kMaxAttachmentBytes) {
      throw new TypeError(`A WebSocket 'attachment' cannot be larger than ${kMaxAttachmentBytes} bytes.`);
    }
    this.#attachment = bytes;
    internals.onWebSocketAttachment?.(this.#id, bytes);
  }
  deserializeAttachment() {
    return this.#attachment === null ? null : ops.deserialize(this.#attachment);
  }

  #receive(type, a, b, c) {
    if (type === 'error') {
      internals.dispatchEvent(this, new internals.ErrorEvent('error', { message: a, error: new Error(a) }));
      return;
    }
    if (type === 'message') {
      if (this.#state === kClosed) return;
      internals.dispatchEvent(this, new MessageEvent('message', { data: a }));
      return;
    }
    this.#peerClosed();
    byId.delete(this.#id);
    internals.dispatchEvent(this, new CloseEvent('close', { code: a, reason: b, wasClean: c }));
  }

  // The peer closed (or the connection dropped). The session already answered the Close on the
  // wire; this end only stops sending.
  #peerClosed() {
    const owed = !this.#closeSent;
    this.#state = kClosed;
    this.#closeSent = true;
    return owed;
  }

  get readyState() { return this.#state; }
  get url() { return this.#url; }
  get protocol() { return this.#protocol; }
  get extensions() { return ''; }
  get [Symbol.toStringTag]() { return 'WebSocket'; }
}
for (const [name, value] of [['CONNECTING', kConnecting], ['OPEN', kOpen], ['CLOSING', kClosing], ['CLOSED', kClosed],
  ['READY_STATE_CONNECTING', kConnecting], ['READY_STATE_OPEN', kOpen], ['READY_STATE_CLOSING', kClosing], ['READY_STATE_CLOSED', kClosed]]) {
  const desc = { value, writable: false, enumerable: true, configurable: false };
  primordials.ObjectDefineProperty(WebSocket, name, desc);
  primordials.ObjectDefineProperty(WebSocket.prototype, name, desc);
}

class WebSocketPair {
  constructor() {
    const [a, b] = wsPair();
    this[0] = new WebSocket(internals.kInternalConstruct, a);
    this[1] = new WebSocket(internals.kInternalConstruct, b);
  }
}

internals.claimWebSocket = (token) => {
  const id = wsClaim(token);
  return id === null ? null : internals.webSocketFromId(id);
};
internals.WebSocket = WebSocket;
internals.MessageEvent = MessageEvent;
internals.CloseEvent = CloseEvent;
internals.defineGlobal('WebSocket', WebSocket);
internals.defineGlobal('WebSocketPair', WebSocketPair);
internals.defineGlobal('MessageEvent', MessageEvent);
internals.defineGlobal('CloseEvent', CloseEvent);
