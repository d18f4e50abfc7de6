'use strict';
// node:dns and node:dns/promises over the host's resolver (ops.dnsLookup: getaddrinfo, so
// /etc/hosts and the system's DNS servers; src/api/dns_ops.cc). lookup(), resolve(),
// resolve4(), resolve6() and Resolver work; record types getaddrinfo cannot ask for (MX, TXT,
// SRV, …) and reverse() call back with ENOTIMP. Errors carry Node's codes (ENOTFOUND …).

const {
  ArrayPrototypeFilter, ArrayPrototypeMap, Error, PromisePrototypeThen, Promise: PromiseCtor,
  ArrayIsArray, ObjectKeys, ArrayPrototypeIncludes,
} = primordials;
const { dnsLookup } = ops;
const { nodeErrors, validateFunction, validateString } = internals;
const { isIP } = internals.nodeNet;
const { nextTick } = internals.nodeStream;

const codes = {
  NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND',
  NOTIMP: 'ENOTIMP', REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME',
  BADFAMILY: 'EBADFAMILY', BADRESP: 'EBADRESP', CONNREFUSED: 'ECONNREFUSED', TIMEOUT: 'ETIMEOUT',
  EOF: 'EOF', FILE: 'EFILE', NOMEM: 'ENOMEM', DESTRUCTION: 'EDESTRUCTION', BADSTR: 'EBADSTR',
  BADFLAGS: 'EBADFLAGS', NONAME: 'ENONAME', BADHINTS: 'EBADHINTS', NOTINITIALIZED: 'ENOTINITIALIZED',
  LOADIPHLPAPI: 'ELOADIPHLPAPI', ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS', CANCELLED: 'ECANCELLED',
};
const ADDRCONFIG = 1024;
const V4MAPPED = 2048;
const ALL = 256;

let defaultResultOrder = 'verbatim';
let servers = [];

// "getaddrinfo ENOTFOUND example.invalid", as Node words it.
function dnsError(code, syscall, hostname) {
  const error = nodeErrors.make(Error, code, `${syscall} ${code}${hostname ? ` ${hostname}` : ''}`);
  error.errno = code === 'ENOTFOUND' ? -3008 : undefined;
  error.syscall = syscall;
  error.hostname = hostname;
  return error;
}

function parseFamily(options) {
  let family = typeof options === 'number' ? options : options?.family ?? 0;
  if (family === 'IPv4') family = 4;
  else if (family === 'IPv6') family = 6;
  if (family !== 0 && family !== 4 && family !== 6) {
    throw nodeErrors.invalidArgValue('options.family', family, 'must be one of: 0, 4, 6');
  }
  return family;
}

// [{ address, family }] for `hostname`, in the order asked for.
function lookupAll(hostname, family, order, syscall) {
  const literal = isIP(hostname);
  if (literal !== 0) {
    if (family !== 0 && family !== literal) return PromiseCtor.reject(dnsError('ENOTFOUND', syscall, hostname));
    return PromiseCtor.resolve([{ address: hostname, family: literal }]);
  }
  return PromisePrototypeThen(dnsLookup(hostname), (rows) => {
    let answers = ArrayPrototypeMap(rows, ([address, fam]) => ({ address, family: fam }));
    if (family !== 0) answers = ArrayPrototypeFilter(answers, (a) => a.family === family);
    if (order === 'ipv4first') answers = [...answers.filter((a) => a.family === 4), ...answers.filter((a) => a.family === 6)];
    if (order === 'ipv6first') answers = [...answers.filter((a) => a.family === 6), ...answers.filter((a) => a.family === 4)];
    if (answers.length === 0) throw dnsError('ENOTFOUND', syscall, hostname);
    return answers;
  }, () => {
    throw dnsError('ENOTFOUND', syscall, hostname);
  });
}

function orderOf(options) {
  if (options?.order !== undefined) return options.order;
  if (options?.verbatim === false) return 'ipv4first';
  return defaultResultOrder;
}

function lookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  validateFunction(callback, 'callback');
  if (hostname !== undefined && hostname !== null && typeof hostname !== 'string') {
    throw nodeErrors.invalidArgType('hostname', 'of type string', hostname);
  }
  const family = parseFamily(options);
  const all = options?.all === true;
  if (!hostname) {
    nextTick(() => (all ? callback(null, []) : callback(null, null, family === 6 ? 6 : 4)));
    return {};
  }
  PromisePrototypeThen(lookupAll(hostname, family, orderOf(options), 'getaddrinfo'), (answers) => {
    if (all) callback(null, answers);
    else callback(null, answers[0].address, answers[0].family);
  }, (error) => callback(error));
  return {};
}

const kRecordTypes = ['A', 'AAAA', 'ANY', 'CAA', 'CNAME', 'MX', 'NAPTR', 'NS', 'PTR', 'SOA', 'SRV', 'TXT'];
const kSyscalls = {
  A: 'queryA', AAAA: 'queryAaaa', ANY: 'queryAny', CAA: 'queryCaa', CNAME: 'queryCname',
  MX: 'queryMx', NAPTR: 'queryNaptr', NS: 'queryNs', PTR: 'queryPtr', SOA: 'querySoa',
  SRV: 'querySrv', TXT: 'queryTxt',
};

// The promise of resolve(hostname, rrtype[, options]).
function resolveRecords(hostname, rrtype, options) {
  validateString(hostname, 'name');
  const syscall = kSyscalls[rrtype];
  if (rrtype !== 'A' && rrtype !== 'AAAA') return PromiseCtor.reject(dnsError('ENOTIMP', syscall, hostname));
  return PromisePrototypeThen(lookupAll(hostname, rrtype === 'A' ? 4 : 6, 'verbatim', syscall), (answers) => {
    // getaddrinfo gives no TTL: 0 stands for "unknown".
    if (options?.ttl) return ArrayPrototypeMap(answers, (a) => ({ address: a.address, ttl: 0 }));
    return ArrayPrototypeMap(answers, (a) => a.address);
  });
}

function checkRrtype(rrtype) {
  validateString(rrtype, 'rrtype');
  if (!ArrayPrototypeIncludes(kRecordTypes, rrtype)) throw nodeErrors.invalidArgValue('rrtype', rrtype);
}

function callbackForm(run) {
  return function (hostname, options, callback) {
    if (typeof options === 'function') {
      callback = options;
      options = undefined;
    }
    validateFunction(callback, 'callback');
    PromisePrototypeThen(run(hostname, options), (value) => callback(null, value), (error) => callback(error));
    return {};
  };
}

function resolvePromise(hostname, rrtype = 'A') {
  checkRrtype(rrtype);
  return resolveRecords(hostname, rrtype);
}
function resolve(hostname, rrtype, callback) {
  if (typeof rrtype === 'function') {
    callback = rrtype;
    rrtype = 'A';
  }
  checkRrtype(rrtype);
  return callbackForm((name) => resolveRecords(name, rrtype))(hostname, callback);
}

function setServers(list) {
  if (!ArrayIsArray(list)) throw nodeErrors.invalidArgType('servers', 'an instance of Array', list);
  for (const server of list) validateString(server, 'servers[i]');
  servers = [...list];
}

const promiseResolvers = {
  resolve: resolvePromise,
  resolve4: (hostname, options) => resolveRecords(hostname, 'A', options),
  resolve6: (hostname, options) => resolveRecords(hostname, 'AAAA', options),
  reverse: (ip) => PromiseCtor.reject(dnsError('ENOTIMP', 'getHostByAddr', ip)),
};
for (const type of ['Any', 'Caa', 'Cname', 'Mx', 'Naptr', 'Ns', 'Ptr', 'Soa', 'Srv', 'Txt']) {
  promiseResolvers[`resolve${type}`] = (hostname) => resolveRecords(hostname, type.toUpperCase());
}

const callbackResolvers = { resolve, reverse: callbackForm(promiseResolvers.reverse) };
for (const name of ObjectKeys(promiseResolvers)) {
  if (name !== 'resolve' && name !== 'reverse') callbackResolvers[name] = callbackForm(promiseResolvers[name]);
}

function makeResolverClass(methods) {
  return class Resolver {
    constructor(options) {
      this._options = options;
    }
    cancel() {}
    getServers() { return [...servers]; }
    setServers(list) { setServers(list); }
    setLocalAddress() {}
    static {
      for (const name of ObjectKeys(methods)) this.prototype[name] = methods[name];
    }
  };
}

function lookupPromise(hostname, options) {
  if (hostname !== undefined && hostname !== null && typeof hostname !== 'string') {
    return PromiseCtor.reject(nodeErrors.invalidArgType('hostname', 'of type string', hostname));
  }
  const family = parseFamily(options);
  const all = options?.all === true;
  if (!hostname) return PromiseCtor.resolve(all ? [] : { address: null, family: family === 6 ? 6 : 4 });
  return PromisePrototypeThen(lookupAll(hostname, family, orderOf(options), 'getaddrinfo'),
    (answers) => (all ? answers : answers[0]));
}

function lookupService() {
  throw nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The lookupService() method is not implemented');
}

const shared = {
  ...codes, ADDRCONFIG, V4MAPPED, ALL,
  getServers: () => [...servers],
  setServers,
  getDefaultResultOrder: () => defaultResultOrder,
  setDefaultResultOrder(order) {
    if (order !== 'ipv4first' && order !== 'ipv6first' && order !== 'verbatim') {
      throw nodeErrors.invalidArgValue('dnsOrder', order);
    }
    defaultResultOrder = order;
  },
};

const promises = {
  ...shared, ...promiseResolvers, lookup: lookupPromise,
  lookupService: () => new PromiseCtor(() => lookupService()),
  Resolver: makeResolverClass(promiseResolvers),
};
const dns = {
  ...shared, ...callbackResolvers, lookup, lookupService,
  Resolver: makeResolverClass(callbackResolvers),
  promises,
};

internals.defineNodeModule('dns', dns);
internals.defineNodeModule('dns/promises', promises);
