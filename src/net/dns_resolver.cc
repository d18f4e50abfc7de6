#include "edged/net/dns_resolver.h"

#include <netdb.h>

#include <cstring>

namespace edged::net {

// Lives until libuv's callback, which always runs (with UV_EAI_CANCELED after uv_cancel), even
// when the DnsLookup that started it is gone.
struct DnsLookup::Request {
  uv_getaddrinfo_t req;
  DnsLookup* owner = nullptr;  // null once the lookup was cancelled
  DnsLookup::Callback callback;
};

namespace {

std::string failure(int status) {
  return std::string("DNS lookup failed. (") + uv_strerror(status) + ")";
}

void onResolved(uv_getaddrinfo_t* req, int status, addrinfo* result) {
  std::unique_ptr<DnsLookup::Request> request(static_cast<DnsLookup::Request*>(req->data));
  std::vector<sockaddr_storage> addresses;
  for (addrinfo* ai = result; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_addrlen > sizeof(sockaddr_storage)) continue;
    sockaddr_storage address{};
    std::memcpy(&address, ai->ai_addr, ai->ai_addrlen);
    addresses.push_back(address);
  }
  uv_freeaddrinfo(result);
  if (request->owner == nullptr) return;
  request->owner->forget();
  if (status != 0) {
    request->callback(makeError(failure(status)));
  } else if (addresses.empty()) {
    request->callback(makeError("DNS lookup failed. (no addresses)"));
  } else {
    request->callback(std::move(addresses));
  }
}

}  // namespace

namespace {

std::map<std::string, std::string>& resolveOverrides() {
  static std::map<std::string, std::string> overrides;
  return overrides;
}

}  // namespace

void setResolveOverrides(std::map<std::string, std::string> host_to_address) {
  resolveOverrides() = std::move(host_to_address);
}

Result<std::unique_ptr<DnsLookup>> DnsLookup::start(uv_loop_t* loop, const std::string& name,
                                                    uint16_t port, Callback callback) {
  auto overridden = resolveOverrides().find(name);
  const std::string& host = overridden == resolveOverrides().end() ? name : overridden->second;
  std::unique_ptr<DnsLookup> lookup(new DnsLookup());
  auto request = std::make_unique<Request>();
  request->owner = lookup.get();
  request->callback = std::move(callback);
  request->req.data = request.get();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;  // no IPv6 answers on a host without IPv6, and vice versa
  std::string service = std::to_string(port);
  int rc = uv_getaddrinfo(loop, &request->req, onResolved, host.c_str(), service.c_str(), &hints);
  if (rc != 0) return makeError(failure(rc));
  lookup->request_ = request.release();  // freed in onResolved
  return lookup;
}

DnsLookup::~DnsLookup() {
  if (request_ == nullptr) return;
  request_->owner = nullptr;
  // Fails harmlessly when a pool thread already runs the lookup; the callback then only frees.
  uv_cancel(reinterpret_cast<uv_req_t*>(&request_->req));
}

}  // namespace edged::net
