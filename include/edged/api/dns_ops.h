#pragma once
// The native half of node:dns (runtime-js/api/79_node_dns.js): name lookups through the system
// resolver (getaddrinfo on libuv's thread pool, src/net/dns_resolver.h, which also applies
// `edged serve --resolve` overrides). Workers itself asks 1.1.1.1 over DoH; a self-hosted
// server uses the host's own resolver and /etc/hosts.

#include <v8-function-callback.h>

namespace edged::api {

// ops.dnsLookup(hostname) → Promise<Array<[address, family]>>: every address the resolver gives
// for `hostname`, in its order of preference (family 4 or 6). Rejects with an Error whose
// message starts "DNS lookup failed." when the name does not resolve.
void opDnsLookup(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
