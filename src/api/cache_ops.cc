// cache.match and cache.delete (and the subrequest cache's lookups), and streaming large cached
// bodies to JS.
#include <v8-container.h>
#include <v8-primitive.h>

#include "cache_match.h"
#include "cache_state.h"
#include "edged/api/cache.h"
#include "edged/runtime/js_values.h"

namespace edged::api {
namespace {

using cache::CacheState;

// Bodies up to this size are read whole at match time and handed over as one Uint8Array;
// larger ones are streamed from their file.
constexpr uint64_t kWholeBodyBytes = 1 << 20;
constexpr size_t kReadChunkBytes = size_t{64} * 1024;

bool isNullBodyStatus(int status) {
  return status == 101 || status == 204 || status == 205 || status == 304;
}

double readerIdFrom(const v8::FunctionCallbackInfo<v8::Value>& info) {
  return info[0]->NumberValue(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
}

// The body JS gets for a match: the bytes, null, or a reader id for a large file. Undefined
// when the body file is gone (evicted by another thread since the index was read): a miss.
// Empty, with the error thrown, when the file cannot be read.
v8::MaybeLocal<v8::Value> matchedBody(runtime::Realm& realm, CacheState& state,
                                      cache::CacheStore& store, const cache::FoundEntry& entry,
                                      const cache::MatchResponse& response) {
  v8::Isolate* isolate = realm.isolate();
  if (isNullBodyStatus(response.status) || response.status == 416) {
    return v8::MaybeLocal<v8::Value>(v8::Null(isolate));
  }
  if (entry.blob.empty()) {
    auto bytes = std::span<const uint8_t>(entry.body).subspan(response.offset, response.length);
    return v8::MaybeLocal<v8::Value>(runtime::newUint8Array(isolate, bytes));
  }
  Result<storage::FileReader> file = storage::FileReader::open(store.blobPath(entry.blob));
  if (!file.ok()) return v8::MaybeLocal<v8::Value>(v8::Undefined(isolate));
  if (response.length > kWholeBodyBytes) {
    cache::BodyReader reader{std::move(file).value(), response.offset,
                             response.offset + response.length, 0};
    return v8::MaybeLocal<v8::Value>(
        v8::Number::New(isolate, state.addReader(realm, std::move(reader))));
  }
  std::vector<uint8_t> bytes(response.length);
  Result<size_t> read = file->readAt(response.offset, bytes);
  if (!read.ok() || read.value() != bytes.size()) {
    isolate->ThrowException(cache::internalError(
        realm,
        "cache body file is shorter than its entry: " + store.blobPath(entry.blob).string()));
    return {};
  }
  return v8::MaybeLocal<v8::Value>(runtime::newUint8Array(isolate, bytes));
}

// Answers a match of `url_arg` for a request with `headers_arg` in namespace `id`: returns the
// [status, statusText, headers, body, length] array, or leaves undefined on a miss. Sets
// `*expired_found` when an expired entry was dropped on the way.
void answerMatch(const v8::FunctionCallbackInfo<v8::Value>& info, const cache::CacheId& id,
                 v8::Local<v8::Value> url_arg, v8::Local<v8::Value> headers_arg,
                 bool* expired_found) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  CacheState& state = realm.state<CacheState>();
  cache::CacheStore* store = state.store(realm);
  if (store == nullptr) return;
  std::string url = runtime::toUtf8(isolate, url_arg);
  cache::Headers request_headers = cache::headersFromArray(context, headers_arg);

  auto found = store->find(id, url, request_headers, cache::wallClockMs(), expired_found);
  if (!found.ok()) {
    isolate->ThrowException(cache::internalError(realm, found.error().message));
    return;
  }
  if (!found.value()) return;  // undefined: a miss
  const cache::FoundEntry& entry = *found.value();
  cache::MatchResponse response = cache::respondFromCache(entry.response, request_headers);
  v8::Local<v8::Value> body;
  if (!matchedBody(realm, state, *store, entry, response).ToLocal(&body)) return;
  if (body->IsUndefined()) return;  // its file was evicted meanwhile: a miss
  v8::Local<v8::Value> result[] = {
      v8::Integer::New(isolate, response.status),
      runtime::newString(isolate, response.status_text),
      cache::headersToArray(isolate, response.headers),
      body,
      v8::Number::New(isolate, static_cast<double>(response.length)),
  };
  info.GetReturnValue().Set(v8::Array::New(isolate, result, std::size(result)));
}

}  // namespace

void opCacheMatch(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm& realm = *runtime::Realm::from(info.GetIsolate());
  answerMatch(info, CacheState::cacheId(realm, info[0]), info[1], info[2], nullptr);
}

void opFetchCacheMatch(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm& realm = *runtime::Realm::from(info.GetIsolate());
  bool expired = false;
  answerMatch(info, CacheState::fetchCacheId(realm), info[0], info[1], &expired);
  if (expired && info.GetReturnValue().Get()->IsUndefined()) info.GetReturnValue().SetNull();
}

void opCacheBodyRead(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  CacheState& state = realm.state<CacheState>();
  double id = readerIdFrom(info);
  cache::BodyReader* reader = state.reader(id);
  if (reader == nullptr) {
    return runtime::throwTypeError(isolate,
                                   "The cached response body is no longer available; "
                                   "read it within a minute of cache.match().");
  }
  if (reader->offset >= reader->end) {
    state.closeReader(id);
    info.GetReturnValue().SetNull();
    return;
  }
  std::vector<uint8_t> chunk(std::min<uint64_t>(kReadChunkBytes, reader->end - reader->offset));
  Result<size_t> read = reader->file.readAt(reader->offset, chunk);
  if (!read.ok() || read.value() == 0) {
    state.closeReader(id);
    isolate->ThrowException(cache::internalError(
        realm, read.ok() ? "cache body file ended early" : read.error().message));
    return;
  }
  chunk.resize(read.value());
  reader->offset += read.value();
  reader->last_read_ms = uv_now(realm.loop());
  info.GetReturnValue().Set(runtime::newUint8Array(isolate, chunk));
}

void opCacheBodyClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm& realm = *runtime::Realm::from(info.GetIsolate());
  realm.state<CacheState>().closeReader(readerIdFrom(info));
}

void opCacheDelete(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  cache::CacheStore* store = realm.state<CacheState>().store(realm);
  if (store == nullptr) return;
  cache::CacheId id = CacheState::cacheId(realm, info[0]);
  Result<bool> removed = store->remove(id, runtime::toUtf8(isolate, info[1]), cache::wallClockMs());
  if (!removed.ok()) {
    isolate->ThrowException(cache::internalError(realm, removed.error().message));
    return;
  }
  info.GetReturnValue().Set(removed.value());
}

}  // namespace edged::api
