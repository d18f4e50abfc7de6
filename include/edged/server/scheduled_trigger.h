#pragma once
// `edged serve --test-scheduled`: the URLs wrangler dev offers to run a Worker's scheduled
// handler by hand. Only when the option is given; otherwise these paths reach the Worker's fetch.
//   /cdn-cgi/handler/scheduled?cron=<expr>&time=<ms>[&format=json]  (Miniflare's): answers the
//       outcome ("ok", 200; "exception" …, 500), or {"outcome", "noRetry"} with format=json
//   /__scheduled?cron=<expr>  (wrangler's older middleware): "Ran scheduled event", or 500 with
//       the error

#include <functional>
#include <memory>
#include <string_view>

#include "edged/net/http_exchange.h"
#include "edged/runtime/realm.h"

namespace edged::server {

// Whether the request-target's path is one of the two URLs (the query is not looked at).
bool isScheduledTriggerTarget(std::string_view target);

// Runs the scheduled event in `realm` and answers `exchange`; `finished` runs once it answered.
void runScheduledTrigger(runtime::Realm& realm, std::shared_ptr<net::HttpExchange> exchange,
                         std::function<void()> finished);

}  // namespace edged::server
