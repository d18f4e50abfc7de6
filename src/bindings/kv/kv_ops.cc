#include "edged/bindings/kv/kv_ops.h"

#include <v8-container.h>
#include <v8-primitive.h>

#include "edged/runtime/js_values.h"
#include "kv_large_values.h"
#include "kv_state.h"

namespace edged::bindings::kv {
namespace {

// What every op starts with: the realm, its KV state and the namespace's store.
struct OpContext {
  runtime::Realm* realm = nullptr;
  KvState* state = nullptr;
  KvStore* store = nullptr;
  std::string name;
};

// Null store (with an exception thrown) when the namespace cannot be opened.
OpContext begin(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpContext op;
  op.realm = runtime::Realm::from(info.GetIsolate());
  if (op.realm == nullptr) return op;
  op.state = &op.realm->state<KvState>();
  op.name = runtime::toUtf8(info.GetIsolate(), info[0]);
  op.store = op.state->store(*op.realm, op.name);
  return op;
}

std::optional<double> optionalNumber(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (value->IsUndefined()) return std::nullopt;
  return value->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
}

bool failed(v8::Isolate* isolate, const KvCheck& check) {
  if (!check) return false;
  throwArgumentError(isolate, *check);
  return true;
}

bool failed(runtime::Realm& realm, const Status& status) {
  if (status.ok()) return false;
  realm.isolate()->ThrowException(internalError(realm, status.error().message));
  return true;
}

}  // namespace

void opKvGet(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::string key = runtime::toUtf8(isolate, info[1]);
  bool as_text = info[2]->BooleanValue(isolate);
  if (failed(isolate, checkKey("GET", key)) ||
      failed(isolate, checkCacheTtl("GET", optionalNumber(isolate, info[3])))) {
    return;
  }
  OpContext op = begin(info);
  if (op.store == nullptr) return;
  int64_t now = nowSeconds();
  Result<std::optional<uint64_t>> size = op.store->valueSize(key, now);
  if (!size.ok()) return (void)failed(*op.realm, size.error());
  if (!size.value()) return info.GetReturnValue().SetNull();
  if (*size.value() > kInlineValueBytes) {
    auto job = std::make_unique<LargeValueJob>();
    job->path = op.store->path();
    job->key = std::move(key);
    job->now = now;
    job->as_text = as_text;
    v8::Local<v8::Promise> promise;
    if (startLargeValueJob(*op.realm, *op.state, std::move(job)).ToLocal(&promise)) {
      info.GetReturnValue().Set(promise);
    }
    return;
  }
  Result<std::optional<KvEntry>> entry = op.store->get(key, now);
  if (!entry.ok()) return (void)failed(*op.realm, entry.error());
  if (!entry.value()) return info.GetReturnValue().SetNull();
  v8::Local<v8::Value> result;
  if (entryToJs(isolate, *entry.value(), as_text).ToLocal(&result)) {
    info.GetReturnValue().Set(result);
  }
}

void opKvGetBulk(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (!info[1]->IsArray()) return runtime::throwTypeError(isolate, "expected an array of keys");
  auto names = info[1].As<v8::Array>();
  if (failed(isolate, checkBulkGetCount(names->Length()))) return;
  std::vector<std::string> keys;
  for (uint32_t i = 0; i < names->Length(); ++i) {
    v8::Local<v8::Value> name;
    if (!names->Get(context, i).ToLocal(&name)) return;
    keys.push_back(runtime::toUtf8(isolate, name));
    if (failed(isolate, checkKey("GET_BULK", keys.back()))) return;
  }
  if (failed(isolate, checkCacheTtl("GET_BULK", optionalNumber(isolate, info[2])))) return;
  OpContext op = begin(info);
  if (op.store == nullptr) return;
  int64_t now = nowSeconds();
  std::vector<std::optional<KvEntry>> entries;
  uint64_t total = 0;
  for (const std::string& key : keys) {
    Result<std::optional<KvEntry>> entry = op.store->get(key, now);
    if (!entry.ok()) return (void)failed(*op.realm, entry.error());
    if (entry.value()) total += entry.value()->value.size();
    if (failed(isolate, checkBulkGetSize(total))) return;
    entries.push_back(std::move(entry).value());
  }
  v8::Local<v8::Array> result = v8::Array::New(isolate, static_cast<int>(entries.size()));
  for (uint32_t i = 0; i < entries.size(); ++i) {
    v8::Local<v8::Value> item = v8::Null(isolate);
    if (entries[i] && !entryToJs(isolate, *entries[i], true).ToLocal(&item)) return;
    if (result->Set(context, i, item).IsNothing()) return;
  }
  info.GetReturnValue().Set(result);
}

void opKvPut(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::string key = runtime::toUtf8(isolate, info[1]);
  if (failed(isolate, checkKey("PUT", key))) return;
  int64_t now = nowSeconds();
  auto expiration = resolveExpiration(optionalNumber(isolate, info[3]),
                                      optionalNumber(isolate, info[4]), now);
  if (auto* error = std::get_if<KvArgumentError>(&expiration)) {
    return throwArgumentError(isolate, *error);
  }
  std::optional<std::string> metadata;
  if (!info[5]->IsUndefined()) metadata = runtime::toUtf8(isolate, info[5]);
  if (metadata && failed(isolate, checkMetadataSize(metadata->size()))) return;
  // A string value is stored as its UTF-8 bytes; a BufferSource as is.
  std::string text;
  std::span<const uint8_t> value;
  if (info[2]->IsString()) {
    text = runtime::toUtf8(isolate, info[2]);
    value = {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
  } else if (auto bytes = runtime::bufferSourceBytes(info[2])) {
    value = *bytes;
  } else {
    return runtime::throwTypeError(isolate, "expected a string or a BufferSource value");
  }
  if (failed(isolate, checkValueSize(value.size()))) return;
  OpContext op = begin(info);
  if (op.store == nullptr) return;
  std::optional<int64_t> expires_at = std::get<std::optional<int64_t>>(expiration);
  if (value.size() > kInlineValueBytes) {
    auto job = std::make_unique<LargeValueJob>();
    job->path = op.store->path();
    job->key = std::move(key);
    job->is_put = true;
    job->value.assign(reinterpret_cast<const char*>(value.data()), value.size());
    job->expiration = expires_at;
    job->metadata = std::move(metadata);
    v8::Local<v8::Promise> promise;
    if (startLargeValueJob(*op.realm, *op.state, std::move(job)).ToLocal(&promise)) {
      info.GetReturnValue().Set(promise);
    }
    return;
  }
  std::optional<std::string_view> metadata_view;
  if (metadata) metadata_view = *metadata;
  if (failed(*op.realm, op.store->put(key, value, expires_at, metadata_view))) return;
  op.state->purgeIfDue(*op.realm, op.name, *op.store, now);
}

void opKvCheckValueSize(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  double size = info[0]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
  (void)failed(isolate, checkValueSize(size > 0 ? static_cast<uint64_t>(size) : 0));
}

void opKvDelete(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::string key = runtime::toUtf8(isolate, info[1]);
  if (failed(isolate, checkKey("DELETE", key))) return;
  OpContext op = begin(info);
  if (op.store == nullptr) return;
  if (failed(*op.realm, op.store->remove(key))) return;
  op.state->purgeIfDue(*op.realm, op.name, *op.store, nowSeconds());
}

void opKvList(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  KvListOptions options;
  if (!info[1]->IsUndefined()) options.prefix = runtime::toUtf8(isolate, info[1]);
  if (failed(isolate, checkListPrefix(options.prefix))) return;
  auto limit = listLimit(optionalNumber(isolate, info[2]));
  if (auto* error = std::get_if<KvArgumentError>(&limit)) return throwArgumentError(isolate, *error);
  options.limit = std::get<int64_t>(limit);
  if (!info[3]->IsUndefined()) options.cursor = runtime::toUtf8(isolate, info[3]);
  OpContext op = begin(info);
  if (op.store == nullptr) return;
  Result<KvListPage> page = op.store->list(options, nowSeconds());
  if (!page.ok()) return (void)failed(*op.realm, page.error());
  v8::Local<v8::Array> result = v8::Array::New(isolate);
  uint32_t index = 0;
  auto push = [&](v8::Local<v8::Value> value) {
    return result->Set(context, index++, value).IsJust();
  };
  v8::Local<v8::Value> undefined = v8::Undefined(isolate);
  if (!push(page->cursor ? runtime::newString(isolate, *page->cursor).As<v8::Value>() : undefined)) {
    return;
  }
  for (const KvListKey& key : page->keys) {
    v8::Local<v8::Value> expiration =
        key.expiration ? v8::Number::New(isolate, static_cast<double>(*key.expiration)).As<v8::Value>()
                       : undefined;
    v8::Local<v8::Value> metadata =
        key.metadata ? runtime::newString(isolate, *key.metadata).As<v8::Value>() : undefined;
    if (!push(runtime::newString(isolate, key.name)) || !push(expiration) || !push(metadata)) return;
  }
  info.GetReturnValue().Set(result);
}

}  // namespace edged::bindings::kv
