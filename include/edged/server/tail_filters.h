#pragma once
// The filters of one live tail, as wrangler sends them in the body of
// POST …/workers/scripts/:name/tails: {"filters":[{"sampling_rate":0.5}, {"outcome":[…]},
// {"method":[…]}, {"header":{"key","query"}}, {"client_ip":[…]}, {"query":"text"},
// {"scriptVersion":"id"}]}. An event reaches the tail only when it passes every filter given;
// within one filter's list any entry may match (docs/admin.md "Live logs").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/net/http_types.h"
#include "edged/runtime/request_trace.h"
#include "edged/util/result.h"

namespace edged::server {

// What the filters look at in one finished event. Fields a kind of event lacks stay empty
// (a cron event has no method), and such an event fails the filters that need them.
struct TailEventFacts {
  std::string_view outcome;                               // "ok", "exception", "exceededCpu", …
  std::string_view method;                                // fetch only
  const std::vector<net::HttpHeader>* headers = nullptr;  // fetch only
  std::string_view client_ip;                             // fetch only
  std::string_view version_id;
  const runtime::RequestTrace* trace = nullptr;  // console lines and exceptions
};

struct TailFilters {
  std::optional<double> sampling_rate;  // (0, 1): that share of the events that pass the rest
  std::vector<std::string> outcomes;    // Workers' outcome names
  std::vector<std::string> methods;     // compared case-insensitively
  std::optional<std::string> header_key;
  std::optional<std::string> header_query;  // with header_key: the value must equal it
  std::vector<std::string> client_ips;      // "self" already replaced by the tail creator's address
  std::optional<std::string> query;         // text some console line or exception contains
  std::optional<std::string> version_id;

  bool matches(const TailEventFacts& event) const;
};

// The body of a tail's creation; empty means no filters. `self_ip`: the address of the client
// creating the tail, which "self" in client_ip stands for (as on Cloudflare). The error names
// the filter that is malformed.
Result<TailFilters> parseTailFilters(std::string_view body, std::string_view self_ip);

}  // namespace edged::server
