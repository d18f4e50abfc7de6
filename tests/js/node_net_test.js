// node:net and node:tls without a peer (runtime-js/api/79_node_net.js, 79_node_tls.js): the
// address helpers, the Socket's shape, argument errors, and what Workers does not offer.
// Connections to real peers: tests/e2e/web/node_net.test.mjs.
import net, { isIP, isIPv4, isIPv6, Socket } from 'node:net';
import tls from 'node:tls';
import { Duplex } from 'node:stream';
import assert from 'node:assert/strict';

export const addressHelpers = {
  test() {
    assert.equal(isIP('127.0.0.1'), 4);
    assert.equal(isIP('::ffff:127.0.0.1'), 6);
    assert.equal(isIP('2001:db8::1'), 6);
    assert.equal(isIP('fe80::1%eth0'), 6);
    assert.equal(isIP('256.0.0.1'), 0);
    assert.equal(isIP('example.com'), 0);
    assert.equal(isIP(''), 0);
    assert.equal(isIPv4('10.0.0.1'), true);
    assert.equal(isIPv4('::1'), false);
    assert.equal(isIPv6('::1'), true);
    assert.equal(isIPv6('1.2.3.4'), false);
  },
};

export const socketShape = {
  test() {
    const socket = new Socket();
    assert.ok(socket instanceof Duplex);
    assert.equal(socket.pending, true);
    assert.equal(socket.connecting, false);
    assert.equal(socket.setNoDelay(true), socket);
    assert.equal(socket.setKeepAlive(true), socket);
    assert.equal(socket.setTimeout(0), socket);
    assert.deepEqual(socket.address(), {});
    assert.equal(socket.remoteAddress, undefined);
    assert.equal(net.Stream, Socket);
    socket.destroy();
    const tlsSocket = new tls.TLSSocket();
    assert.ok(tlsSocket instanceof Socket);
    assert.equal(tlsSocket.encrypted, true);
    tlsSocket.destroy();
  },
};

export const argumentErrors = {
  test() {
    assert.throws(() => net.connect(65536, '127.0.0.1'), {
      code: 'ERR_SOCKET_BAD_PORT',
      name: 'RangeError',
      message: 'Port should be >= 0 and < 65536. Received type number (65536).',
    });
    assert.throws(() => net.connect('/tmp/socket'), { code: 'ERR_METHOD_NOT_IMPLEMENTED' });
    assert.throws(() => tls.connect({ port: 443, host: 'example.com', ca: 'x' }), { code: 'ERR_OPTION_NOT_IMPLEMENTED' });
  },
};

export const serversAreNotOffered = {
  test() {
    assert.throws(() => net.createServer(), { code: 'ERR_METHOD_NOT_IMPLEMENTED' });
    assert.throws(() => new net.Server(), { code: 'ERR_METHOD_NOT_IMPLEMENTED' });
    assert.throws(() => tls.createServer(), { code: 'ERR_METHOD_NOT_IMPLEMENTED' });
    assert.throws(() => tls.createSecureContext(), { code: 'ERR_METHOD_NOT_IMPLEMENTED' });
  },
};

export const blockedPortErrorsAsEvent = {
  async test() {
    // Port 25 is refused by cloudflare:sockets: the error arrives as an 'error' event.
    const socket = net.connect(25, '127.0.0.1');
    const error = await new Promise((resolve) => socket.on('error', resolve));
    assert.match(error.message, /port 25/);
    assert.equal(socket.destroyed, true);
  },
};

export const normalizeArgsAndAlpn = {
  test() {
    const options = { port: 1 };
    const callback = () => {};
    const normalized = net._normalizeArgs([options, callback]);
    assert.equal(normalized[0], options);
    assert.equal(normalized[1], callback);
    assert.equal(Object.getOwnPropertySymbols(normalized)[0].description, 'normalizedArgs');
    assert.deepEqual(net._normalizeArgs([80, 'h'])[0], { port: 80, host: 'h' });
    assert.equal(net._normalizeArgs([80, 'h'])[1], null);
    assert.deepEqual(net._normalizeArgs(['80'])[0], { port: '80' });
    assert.deepEqual(net._normalizeArgs(['/p'])[0], { path: '/p' });
    assert.deepEqual(net._normalizeArgs([])[0], {});
    const out = {};
    tls.convertALPNProtocols(['h2', 'http/1.1'], out);
    assert.deepEqual([...out.ALPNProtocols], [2, 104, 50, 8, 104, 116, 116, 112, 47, 49, 46, 49]);
    tls.convertALPNProtocols(new Uint8Array([1, 97]), out);
    assert.deepEqual([...out.ALPNProtocols], [1, 97]);
    const untouched = {};
    tls.convertALPNProtocols('h2', untouched);
    assert.deepEqual(untouched, {});
    assert.throws(() => tls.convertALPNProtocols(['x'.repeat(256)], {}), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE',
      message: 'The byte length of the protocol at index 0 exceeds the maximum length. It must be <= 255. Received 256' });
    assert.throws(() => tls.createSecurePair(), { code: 'ERR_METHOD_NOT_IMPLEMENTED', message: 'The createSecurePair method is not implemented' });
  },
};
