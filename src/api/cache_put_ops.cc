// cache.put (and a subrequest's response entering the fetch cache): deciding whether a response
// is stored, receiving its body from JS chunk by chunk (in memory while small, then into a blob
// file written on the thread pool, with backpressure), and committing the entry.
#include <v8-container.h>
#include <v8-primitive.h>

#include "cache_policy.h"
#include "cache_state.h"
#include "edged/api/cache.h"
#include "edged/runtime/js_values.h"
#include "edged/util/assert.h"
#include "fetch_cache_policy.h"

namespace edged::api {
namespace {

using cache::CacheState;
using cache::FileJob;
using cache::PendingPut;

// Body bytes queued for the blob file above which cachePutWrite makes JS wait.
constexpr uint64_t kWriteHighWater = 1 << 20;

// Resolving or rejecting fails only while JS is being terminated; nothing is left to do then.
void settlePromise(v8::Maybe<bool> settled) { (void)settled.IsJust(); }

double writerIdFrom(const v8::FunctionCallbackInfo<v8::Value>& info) {
  return info[0]->NumberValue(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
}

// Settles `resolver` (if set) from a loop callback: with `value`, or the internal error for
// `result`.
void settle(runtime::Realm& realm, const std::string& request_id,
            v8::Global<v8::Promise::Resolver>& resolver, const Status& result, bool value) {
  if (resolver.IsEmpty()) return;
  realm.enter(
      [&](v8::Local<v8::Context> context) {
        v8::Isolate* isolate = context->GetIsolate();
        v8::Local<v8::Promise::Resolver> r = resolver.Get(isolate);
        resolver.Reset();
        if (result.ok()) {
          settlePromise(r->Resolve(context, value ? v8::True(isolate).As<v8::Value>()
                                                  : v8::Undefined(isolate).As<v8::Value>()));
        } else {
          settlePromise(r->Reject(context, cache::internalError(realm, result.error().message)));
        }
      },
      request_id);
}

void runFileJob(uv_work_t* work);
void afterFileJob(uv_work_t* work, int status);

// Hands the queued chunks (and, once JS sent the end, the commit) to the thread pool, unless a
// job is already running for this put: jobs of one put run one at a time, in order.
void startFileJob(runtime::Realm& realm, CacheState& state, double put_id, PendingPut& put) {
  if (put.job_running || (put.queued.empty() && !put.ended)) return;
  auto job = std::make_unique<FileJob>();
  job->state = &state;
  job->realm = &realm;
  job->put_id = put_id;
  job->file = std::move(put.file);
  put.file.reset();  // a moved-from optional still holds a (moved-from) writer
  job->chunks = std::move(put.queued);
  put.queued.clear();
  for (const auto& chunk : job->chunks) job->bytes += chunk.size();
  job->final = put.ended;
  job->work.data = job.get();
  // Fails only for a null loop or callback.
  EDGED_ASSERT(uv_queue_work(realm.loop(), &job->work, &runFileJob, &afterFileJob) == 0);
  put.job_running = true;
  state.jobs().insert(job.release());
}

// Thread pool: append the chunks; for the last batch make the file durable and rename it.
void runFileJob(uv_work_t* work) {
  auto* job = static_cast<FileJob*>(work->data);
  for (const auto& chunk : job->chunks) {
    job->result = job->file->append(chunk);
    if (!job->result.ok()) return;
  }
  job->chunks.clear();
  if (job->final) job->result = job->file->commit();
}

// Loop thread: continue with the next batch, or index the entry and settle the put.
void afterFileJob(uv_work_t* work, int) {
  std::unique_ptr<FileJob> job(static_cast<FileJob*>(work->data));
  PendingPut* put = job->state != nullptr ? job->state->put(job->put_id) : nullptr;
  if (job->state != nullptr) job->state->jobs().erase(job.get());
  if (put == nullptr) {  // aborted, or the realm went away: nobody wants this body any more
    std::error_code ignored;
    if (job->final && job->result.ok()) std::filesystem::remove(job->file->path(), ignored);
    return;  // an uncommitted writer removes its temporary file
  }
  CacheState& state = *job->state;
  runtime::Realm& realm = *job->realm;
  put->job_running = false;
  put->queued_bytes -= job->bytes;
  Status result = job->result;
  if (result.ok() && job->final) {
    cache::CacheStore* store = state.openedStore();  // open: the put began with it
    result = store->insert(put->id, put->entry, cache::wallClockMs());
  }
  if (!result.ok() && !job->final && put->drained.IsEmpty()) {
    put->failure = result.error();  // JS is not waiting: its next call is told
    put->queued.clear();
    return;
  }
  if (!result.ok() || job->final) {
    std::unique_ptr<PendingPut> done = state.takePut(job->put_id);
    settle(realm, done->request_id, done->drained, result, true);
    settle(realm, done->request_id, done->committed, result, false);
    return;
  }
  put->file = std::move(job->file);
  if (put->queued_bytes < kWriteHighWater) {
    // JS runs here: it may queue more (starting the next job) or abort the put.
    settle(realm, put->request_id, put->drained, result, true);
    put = state.put(job->put_id);
  }
  if (put != nullptr) startFileJob(realm, state, job->put_id, *put);
}

// Registers a put whose storage was decided: the writer id JS sends the body to.
double beginPut(runtime::Realm& realm, CacheState& state, cache::CacheId id, std::string url,
                int status, std::string status_text, cache::Headers headers,
                cache::Headers request_headers, int64_t ttl_seconds, int64_t now_ms) {
  auto put = std::make_unique<PendingPut>();
  put->id = std::move(id);
  put->entry.url = std::move(url);
  put->entry.request_headers = std::move(request_headers);
  put->entry.response.status = status;
  put->entry.response.status_text = std::move(status_text);
  put->entry.response.headers = std::move(headers);
  put->entry.expires_at_ms = now_ms + ttl_seconds * 1000;
  put->request_id = realm.currentRequestId();
  return state.addPut(std::move(put));
}

}  // namespace

void opCachePutBegin(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  CacheState& state = realm.state<CacheState>();
  if (state.store(realm) == nullptr) return;
  int status = info[2]->Int32Value(context).FromMaybe(200);
  cache::Headers response_headers = cache::headersFromArray(context, info[4]);
  cache::Headers request_headers = cache::headersFromArray(context, info[5]);
  int64_t now_ms = cache::wallClockMs();
  cache::StorageDecision decision =
      cache::decideStorage(status, response_headers, request_headers, now_ms / 1000);
  if (!decision.store) {
    info.GetReturnValue().Set(0);
    return;
  }
  info.GetReturnValue().Set(beginPut(realm, state, CacheState::cacheId(realm, info[0]),
                                     runtime::toUtf8(isolate, info[1]), status,
                                     runtime::toUtf8(isolate, info[3]), std::move(decision.headers),
                                     std::move(request_headers), decision.ttl_seconds, now_ms));
}

void opFetchCachePutBegin(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  CacheState& state = realm.state<CacheState>();
  if (state.store(realm) == nullptr) return;
  int status = info[1]->Int32Value(context).FromMaybe(200);
  cache::Headers response_headers = cache::headersFromArray(context, info[3]);
  cache::Headers request_headers = cache::headersFromArray(context, info[4]);
  cache::FetchCacheOptions options;
  options.cache_everything = info[5]->BooleanValue(isolate);
  if (info[6]->IsNumber()) options.cache_ttl = info[6]->IntegerValue(context).FromMaybe(0);
  if (info[7]->IsArray()) {
    auto flat = info[7].As<v8::Array>();
    for (uint32_t i = 0; i + 2 < flat->Length(); i += 3) {
      v8::Local<v8::Value> from, to, ttl;
      if (!flat->Get(context, i).ToLocal(&from) || !flat->Get(context, i + 1).ToLocal(&to) ||
          !flat->Get(context, i + 2).ToLocal(&ttl)) {
        return;
      }
      options.ttl_by_status.push_back({from->Int32Value(context).FromMaybe(0),
                                       to->Int32Value(context).FromMaybe(0),
                                       ttl->IntegerValue(context).FromMaybe(0)});
    }
  }
  int64_t now_ms = cache::wallClockMs();
  cache::FetchStorageDecision decision =
      cache::decideFetchStorage(status, response_headers, request_headers, options, now_ms / 1000);
  double writer = 0;
  if (decision.store) {
    writer =
        beginPut(realm, state, CacheState::fetchCacheId(realm), runtime::toUtf8(isolate, info[0]),
                 status, runtime::toUtf8(isolate, info[2]), std::move(decision.headers),
                 std::move(request_headers), decision.ttl_seconds, now_ms);
  }
  v8::Local<v8::Value> result[] = {v8::Number::New(isolate, writer),
                                   v8::Boolean::New(isolate, decision.bypass)};
  info.GetReturnValue().Set(v8::Array::New(isolate, result, std::size(result)));
}

void opCachePutWrite(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  CacheState& state = realm.state<CacheState>();
  double id = writerIdFrom(info);
  PendingPut* put = state.put(id);
  auto chunk = runtime::bufferSourceBytes(info[1]);
  cache::CacheStore* store = state.openedStore();
  if (put == nullptr || !chunk || store == nullptr) return;
  if (put->failure) {
    std::unique_ptr<PendingPut> failed = state.takePut(id);
    isolate->ThrowException(cache::internalError(realm, failed->failure->message));
    return;
  }
  const cache::CacheLimits& limits = store->limits();
  uint64_t& size = put->entry.response.size;
  if (size + chunk->size() > limits.max_entry_bytes) {
    state.takePut(id);  // dropped: its temporary file goes with it
    info.GetReturnValue().Set(false);
    return;
  }
  size += chunk->size();
  std::vector<uint8_t>& body = put->entry.body;
  if (!put->file_backed && body.size() + chunk->size() <= limits.inline_body_bytes) {
    body.insert(body.end(), chunk->begin(), chunk->end());
    info.GetReturnValue().Set(true);
    return;
  }
  if (!put->file_backed) {  // outgrew the index: continue in a blob file
    Result<std::string> blob = store->newBlobName();
    Result<storage::AtomicFileWriter> file =
        blob.ok() ? storage::AtomicFileWriter::create(store->blobPath(blob.value()))
                  : Result<storage::AtomicFileWriter>(blob.error());
    if (!file.ok()) {
      state.takePut(id);
      isolate->ThrowException(cache::internalError(realm, file.error().message));
      return;
    }
    put->file_backed = true;
    put->entry.blob = blob.value();
    put->file.emplace(std::move(file).value());
    put->queued_bytes += body.size();
    put->queued.push_back(std::move(body));
    body = {};
  }
  put->queued_bytes += chunk->size();
  put->queued.emplace_back(chunk->begin(), chunk->end());
  startFileJob(realm, state, id, *put);
  if (put->queued_bytes < kWriteHighWater) {
    info.GetReturnValue().Set(true);
    return;
  }
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(isolate->GetCurrentContext()).ToLocal(&resolver)) return;
  put->drained.Reset(isolate, resolver);
  info.GetReturnValue().Set(resolver->GetPromise());
}

void opCachePutCommit(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  CacheState& state = realm.state<CacheState>();
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return;
  info.GetReturnValue().Set(resolver->GetPromise());
  double id = writerIdFrom(info);
  PendingPut* put = state.put(id);
  cache::CacheStore* store = state.openedStore();
  if (put == nullptr || store == nullptr) {
    settlePromise(resolver->Resolve(context, v8::Undefined(isolate)));
    return;
  }
  if (put->failure) {
    std::unique_ptr<PendingPut> failed = state.takePut(id);
    settlePromise(resolver->Reject(context, cache::internalError(realm, failed->failure->message)));
    return;
  }
  if (put->file_backed) {  // the file is finished and committed on the thread pool
    put->ended = true;
    put->committed.Reset(isolate, resolver);
    startFileJob(realm, state, id, *put);
    return;
  }
  // Small: one index write, durable against a crash once it returns.
  std::unique_ptr<PendingPut> done = state.takePut(id);
  Status inserted = store->insert(done->id, done->entry, cache::wallClockMs());
  if (inserted.ok()) {
    settlePromise(resolver->Resolve(context, v8::Undefined(isolate)));
  } else {
    settlePromise(resolver->Reject(context, cache::internalError(realm, inserted.error().message)));
  }
}

void opCachePutAbort(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm& realm = *runtime::Realm::from(info.GetIsolate());
  realm.state<CacheState>().takePut(writerIdFrom(info));
}

}  // namespace edged::api
