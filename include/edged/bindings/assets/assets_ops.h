#pragma once
// env.ASSETS (runtime-js/api/80_assets.js): the same asset logic as the native path, from JS.
//
// ops.assetsFetch(method, url, headers[flat]) → [status, headers[flat], body, length]: body is
//   null, a Uint8Array (assets kept in memory), or a number naming a file body to read or pipe.
// ops.assetsBodyRead(id) → Promise<Uint8Array | undefined> (undefined at the end).
// ops.assetsBodyClose(id): drops a body not read to its end.
// ops.assetsBodyPipe(fetchId, id, status, statusText, headers[flat], length) → Promise: a body
//   returned unchanged from fetch streams from disk to the client (api/native_body.h).

#include <v8-function-callback.h>

#include <memory>
#include <string>
#include <vector>

#include "edged/bindings/assets/asset_server.h"
#include "edged/config/worker_config.h"
#include "edged/runtime/realm.h"

namespace edged::bindings::assets {

// Gives `realm` its Worker version's assets (server/thread_runtime, once per isolate).
void attachAssets(runtime::Realm& realm, std::shared_ptr<const AssetServer> server);

// The env descriptor of `assets.binding`, if any ({"type":"assets","name":…}).
std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker);

void opAssetsFetch(const v8::FunctionCallbackInfo<v8::Value>& info);
void opAssetsBodyRead(const v8::FunctionCallbackInfo<v8::Value>& info);
void opAssetsBodyClose(const v8::FunctionCallbackInfo<v8::Value>& info);
void opAssetsBodyPipe(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::assets
