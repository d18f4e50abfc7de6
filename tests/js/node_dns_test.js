// node:dns (runtime-js/api/79_node_dns.js, src/api/dns_ops.cc): lookups through the system
// resolver, only of names every host has (localhost) and IP literals: no outside network.
import dns from 'node:dns';
import dnsPromises, { lookup, resolve4, Resolver } from 'node:dns/promises';
import assert from 'node:assert/strict';

export const lookupCallbackForm = {
  async test() {
    const [address, family] = await new Promise((resolve, reject) =>
      dns.lookup('localhost', 4, (err, a, f) => (err ? reject(err) : resolve([a, f]))));
    assert.equal(address, '127.0.0.1');
    assert.equal(family, 4);
    const all = await new Promise((resolve, reject) =>
      dns.lookup('localhost', { all: true }, (err, list) => (err ? reject(err) : resolve(list))));
    assert.ok(all.some((entry) => entry.address === '127.0.0.1' && entry.family === 4));
    assert.throws(() => dns.lookup('localhost', { family: 5 }, () => {}), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => dns.lookup('localhost'), { code: 'ERR_INVALID_ARG_TYPE' });
  },
};

export const lookupPromises = {
  async test() {
    assert.deepEqual(await lookup('localhost', { family: 4 }), { address: '127.0.0.1', family: 4 });
    assert.deepEqual(await lookup('::1'), { address: '::1', family: 6 });
    assert.deepEqual(await lookup('192.0.2.7', { all: true }), [{ address: '192.0.2.7', family: 4 }]);
    assert.equal(dns.promises, dnsPromises.default ?? dns.promises);
    const error = await lookup('name.invalid').catch((e) => e);
    assert.equal(error.code, 'ENOTFOUND');
    assert.equal(error.syscall, 'getaddrinfo');
    assert.equal(error.hostname, 'name.invalid');
    assert.equal(error.message, 'getaddrinfo ENOTFOUND name.invalid');
  },
};

export const resolveRecords = {
  async test() {
    assert.deepEqual(await resolve4('localhost'), ['127.0.0.1']);
    assert.deepEqual(await resolve4('localhost', { ttl: true }), [{ address: '127.0.0.1', ttl: 0 }]);
    const viaCallback = await new Promise((resolve, reject) =>
      dns.resolve('localhost', 'A', (err, list) => (err ? reject(err) : resolve(list))));
    assert.deepEqual(viaCallback, ['127.0.0.1']);
    await assert.rejects(dnsPromises.resolveTxt('localhost'), { code: 'ENOTIMP' });
    assert.throws(() => dns.resolve('localhost', 'BOGUS', () => {}), { code: 'ERR_INVALID_ARG_VALUE' });
    const resolver = new Resolver();
    resolver.setServers(['127.0.0.1']);
    assert.deepEqual(resolver.getServers(), ['127.0.0.1']);
    assert.deepEqual(await resolver.resolve4('localhost'), ['127.0.0.1']);
    dns.setDefaultResultOrder('ipv4first');
    assert.equal(dns.getDefaultResultOrder(), 'ipv4first');
    dns.setDefaultResultOrder('verbatim');
    assert.equal(dns.NOTFOUND, 'ENOTFOUND');
  },
};
