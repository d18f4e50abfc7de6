#include "edged/api/dns_ops.h"

#include <netinet/in.h>
#include <v8-container.h>
#include <v8-exception.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "edged/api/op_promise.h"
#include "edged/net/dns_resolver.h"
#include "edged/runtime/js_values.h"
#include "edged/runtime/realm.h"

namespace edged::api {
namespace {

struct PendingLookup {
  std::unique_ptr<net::DnsLookup> lookup;
  ParkedResolver resolver;
  std::string request_id;
};

// Lookups in flight. Destroyed with the realm, which cancels them (their callbacks then never
// run), so no callback reaches a realm that is gone.
struct DnsState : runtime::RealmState {
  std::map<uint64_t, PendingLookup> pending;
  uint64_t next_id = 1;
};

struct Answer {
  std::string address;
  int family = 0;
};

std::vector<Answer> describe(const std::vector<sockaddr_storage>& addresses) {
  std::vector<Answer> answers;
  for (const sockaddr_storage& address : addresses) {
    char text[64] = {};
    if (address.ss_family == AF_INET) {
      uv_ip4_name(reinterpret_cast<const sockaddr_in*>(&address), text, sizeof(text));
      answers.push_back({text, 4});
    } else if (address.ss_family == AF_INET6) {
      uv_ip6_name(reinterpret_cast<const sockaddr_in6*>(&address), text, sizeof(text));
      answers.push_back({text, 6});
    }
  }
  return answers;
}

void settle(runtime::Realm* realm, uint64_t id, Result<std::vector<sockaddr_storage>> result) {
  DnsState& state = realm->state<DnsState>();
  auto found = state.pending.find(id);
  if (found == state.pending.end()) return;
  ParkedResolver resolver = std::move(found->second.resolver);
  std::string request_id = found->second.request_id;
  // The lookup has forgotten its request before calling back, so freeing it here is safe.
  state.pending.erase(found);
  std::vector<Answer> answers;
  std::string failure;
  if (result) answers = describe(result.value());
  else failure = result.error().message;
  settleIn(*realm, std::move(request_id), std::move(resolver),
           [&](v8::Local<v8::Context> context, v8::Local<v8::Promise::Resolver> promise) {
             v8::Isolate* isolate = context->GetIsolate();
             if (!failure.empty()) {
               promise->Reject(context, v8::Exception::Error(runtime::newString(isolate, failure)))
                   .FromMaybe(false);
               return;
             }
             std::vector<v8::Local<v8::Value>> rows;
             for (const Answer& answer : answers) {
               v8::Local<v8::Value> pair[] = {runtime::newString(isolate, answer.address),
                                              v8::Integer::New(isolate, answer.family)};
               rows.push_back(v8::Array::New(isolate, pair, 2));
             }
             promise->Resolve(context, v8::Array::New(isolate, rows.data(), rows.size()))
                 .FromMaybe(false);
           });
}

}  // namespace

void opDnsLookup(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  std::string hostname = runtime::toUtf8(isolate, info[0]);
  DnsState& state = realm->state<DnsState>();
  uint64_t id = state.next_id++;
  PendingLookup pending;
  pending.request_id = realm->currentRequestId();
  v8::Local<v8::Promise::Resolver> resolver = returnPromise(info, &pending.resolver);
  if (resolver.IsEmpty()) return;
  auto lookup = net::DnsLookup::start(
      realm->loop(), hostname, 0,
      [realm, id](Result<std::vector<sockaddr_storage>> result) {
        settle(realm, id, std::move(result));
      });
  if (!lookup) {
    resolver
        ->Reject(isolate->GetCurrentContext(),
                 v8::Exception::Error(runtime::newString(isolate, lookup.error().message)))
        .FromMaybe(false);
    return;
  }
  pending.lookup = std::move(lookup).value();
  state.pending.emplace(id, std::move(pending));
}

}  // namespace edged::api
