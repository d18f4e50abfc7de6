#pragma once
// Asynchronous name resolution through libuv's thread pool (uv_getaddrinfo), so a slow DNS
// server never blocks the event loop.

#include <sys/socket.h>
#include <uv.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "edged/util/result.h"

namespace edged::net {

// Fixed answers that replace DNS for some names (`edged serve --resolve host=address`, like
// curl's --resolve): for tests and for pointing a Worker's production host names at local
// services. TLS still checks certificates against the name. Set once, before serving.
void setResolveOverrides(std::map<std::string, std::string> host_to_address);

// One lookup in progress. Destroying it cancels the lookup: the callback never runs afterwards.
class DnsLookup {
 public:
  using Callback = std::function<void(Result<std::vector<sockaddr_storage>>)>;

  // Resolves `host` (a name or an IP literal) to TCP addresses for `port`, in the order the
  // system prefers (RFC 6724 via getaddrinfo). `callback` runs later on the loop, never from
  // start(); its error reads "DNS lookup failed." with the resolver's reason after it. start()
  // itself fails only when libuv refuses the request.
  static Result<std::unique_ptr<DnsLookup>> start(uv_loop_t* loop, const std::string& host,
                                                  uint16_t port, Callback callback);
  ~DnsLookup();
  DnsLookup(const DnsLookup&) = delete;
  DnsLookup& operator=(const DnsLookup&) = delete;

  // Used by the completion callback: the request is finished and about to be freed.
  void forget() { request_ = nullptr; }
  struct Request;

 private:
  DnsLookup() = default;
  Request* request_ = nullptr;  // owned by libuv until its callback runs
};

}  // namespace edged::net
