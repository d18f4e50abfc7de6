#pragma once
// Writes an AssetResponse to the client natively, never entering JavaScript: small assets from
// memory, the rest streamed from disk (FileChunks), each chunk read once the previous one was
// flushed to the socket.

#include <uv.h>

#include <functional>
#include <memory>

#include "edged/bindings/assets/asset_server.h"
#include "edged/net/http_exchange.h"

namespace edged::bindings::assets {

// `done` runs once the response is over (sent, failed or the client went away).
void sendAssetResponse(uv_loop_t* loop, const std::shared_ptr<net::HttpExchange>& exchange,
                       const AssetResponse& response, std::function<void()> done);

}  // namespace edged::bindings::assets
