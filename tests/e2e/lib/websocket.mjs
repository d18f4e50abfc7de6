// WebSocket clients for end-to-end tests: Node's `ws` package (installed by scripts/setup.sh into
// build/tools) for ordinary use, and raw frames over a TCP socket for protocol cases `ws` would
// refuse to send.
import { createRequire } from 'node:module';
import net from 'node:net';
import { randomBytes } from 'node:crypto';

const require = createRequire(new URL('../../../build/tools/package.json', import.meta.url));
export const WebSocket = require('ws');

// Opens a `ws` client and resolves once it is open; messages are collected in `received`.
export function connect(url, options = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), options);
    ws.received = [];
    ws.on('message', (data, isBinary) => ws.received.push(isBinary ? data : data.toString()));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

// Resolves with the next message (or the first already received and not yet taken).
export function nextMessage(ws, timeoutMs = 5000) {
  if (ws.received.length > 0) return Promise.resolve(ws.received.shift());
  return new Promise((resolve, reject) => {
    const onMessage = () => {
      clearTimeout(timer);
      resolve(ws.received.shift());
    };
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error('no message'));
    }, timeoutMs);
    ws.once('message', onMessage);
  });
}

export function closed(ws) {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

// One client frame (masked unless `mask: false`).
export function frame(opcode, payload = Buffer.alloc(0), { fin = true, mask = true, rsv = 0 } = {}) {
  const data = Buffer.from(payload);
  const head = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (data.length < 126) head.push(maskBit | data.length);
  else if (data.length < 65536) head.push(maskBit | 126, data.length >> 8, data.length & 255);
  else {
    head.push(maskBit | 127);
    const len = Buffer.alloc(8);
    len.writeBigUInt64BE(BigInt(data.length));
    head.push(...len);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), data]);
  const key = randomBytes(4);
  const masked = Buffer.from(data.map((b, i) => b ^ key[i % 4]));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

export function closeFrame(code, reason = '') {
  const body = Buffer.alloc(2 + Buffer.byteLength(reason));
  body.writeUInt16BE(code, 0);
  body.write(reason, 2);
  return frame(0x8, body);
}

// A raw WebSocket over TCP after a real handshake: send(bytes), frames() parsed from the server
// (unmasked), and `ended` resolving when the server closes TCP.
export async function rawSocket(port, path = '/') {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  const key = randomBytes(16).toString('base64');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  let buffer = Buffer.alloc(0);
  const frames = [];
  let head = null;
  const waiters = [];
  const ended = new Promise((resolve) => socket.on('close', resolve));
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (head === null) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      head = buffer.subarray(0, end).toString();
      buffer = buffer.subarray(end + 4);
    }
    for (;;) {
      if (buffer.length < 2) break;
      let len = buffer[1] & 0x7f;
      let offset = 2;
      if (len === 126) { if (buffer.length < 4) break; len = buffer.readUInt16BE(2); offset = 4; }
      else if (len === 127) { if (buffer.length < 10) break; len = Number(buffer.readBigUInt64BE(2)); offset = 10; }
      if (buffer.length < offset + len) break;
      frames.push({ fin: !!(buffer[0] & 0x80), opcode: buffer[0] & 0x0f, payload: buffer.subarray(offset, offset + len) });
      buffer = buffer.subarray(offset + len);
    }
    while (waiters.length && frames.length) waiters.shift()(frames.shift());
  });
  socket.on('error', () => {});
  await new Promise((resolve, reject) => {
    const check = setInterval(() => { if (head !== null) { clearInterval(check); resolve(); } }, 5);
    setTimeout(() => { clearInterval(check); reject(new Error('no handshake answer')); }, 5000);
  });
  return {
    head,
    send: (bytes) => socket.write(bytes),
    nextFrame: (timeoutMs = 5000) => frames.length ? Promise.resolve(frames.shift())
      : new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no frame')), timeoutMs);
        waiters.push((f) => { clearTimeout(timer); resolve(f); });
      }),
    ended,
    destroy: () => socket.destroy(),
  };
}
