#include "kv_large_values.h"

#include <v8-container.h>
#include <v8-context.h>
#include <v8-primitive.h>

#include "edged/runtime/js_values.h"
#include "edged/util/assert.h"
#include "kv_state.h"

namespace edged::bindings::kv {
namespace {

// Thread pool: the job's own connection, one call, closed again.
void runJob(uv_work_t* work) {
  auto* job = static_cast<LargeValueJob*>(work->data);
  Result<std::unique_ptr<KvStore>> store = KvStore::open(job->path);
  if (!store.ok()) {
    job->result = store.error();
    return;
  }
  if (job->is_put) {
    std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(job->value.data()),
                                   job->value.size());
    std::optional<std::string_view> metadata;
    if (job->metadata) metadata = *job->metadata;
    job->result = store.value()->put(job->key, bytes, job->expiration, metadata);
    job->value = std::string();
    return;
  }
  Result<std::optional<KvEntry>> entry = store.value()->get(job->key, job->now);
  if (!entry.ok()) {
    job->result = entry.error();
    return;
  }
  job->entry = std::move(entry).value();
}

// Loop thread: settle the promise, unless the realm is gone.
void afterJob(uv_work_t* work, int) {
  std::unique_ptr<LargeValueJob> job(static_cast<LargeValueJob*>(work->data));
  if (job->state == nullptr) return;
  job->state->jobs().erase(job.get());
  runtime::Realm& realm = *job->realm;
  realm.enter(
      [&](v8::Local<v8::Context> context) {
        v8::Isolate* isolate = context->GetIsolate();
        v8::Local<v8::Promise::Resolver> resolver = job->resolver.Get(isolate);
        job->resolver.Reset();
        if (!job->result.ok()) {
          // Settling fails only while JS is being terminated: nothing is left to do then.
          (void)resolver->Reject(context, internalError(realm, job->result.error().message))
              .IsJust();
          return;
        }
        v8::Local<v8::Value> value = v8::Undefined(isolate);
        if (!job->is_put) {
          value = v8::Null(isolate);
          if (job->entry && !entryToJs(isolate, *job->entry, job->as_text).ToLocal(&value)) return;
        }
        (void)resolver->Resolve(context, value).IsJust();
      },
      job->request_id);
}

}  // namespace

v8::MaybeLocal<v8::Promise> startLargeValueJob(runtime::Realm& realm, KvState& state,
                                               std::unique_ptr<LargeValueJob> job) {
  v8::Isolate* isolate = realm.isolate();
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(isolate->GetCurrentContext()).ToLocal(&resolver)) return {};
  job->resolver.Reset(isolate, resolver);
  job->state = &state;
  job->realm = &realm;
  job->request_id = realm.currentRequestId();
  job->work.data = job.get();
  // Fails only for a null loop or callback.
  EDGED_ASSERT(uv_queue_work(realm.loop(), &job->work, &runJob, &afterJob) == 0);
  state.jobs().insert(job.release());
  return resolver->GetPromise();
}

v8::MaybeLocal<v8::Value> entryToJs(v8::Isolate* isolate, const KvEntry& entry, bool as_text) {
  v8::Local<v8::Value> value;
  if (as_text) {
    // V8 decodes UTF-8 with U+FFFD for malformed bytes, as TextDecoder does.
    v8::Local<v8::String> text;
    if (!v8::String::NewFromUtf8(isolate, entry.value.data(), v8::NewStringType::kNormal,
                                 static_cast<int>(entry.value.size()))
             .ToLocal(&text)) {
      return {};
    }
    value = text;
  } else {
    value = runtime::newUint8Array(
        isolate, {reinterpret_cast<const uint8_t*>(entry.value.data()), entry.value.size()});
  }
  v8::Local<v8::Value> metadata = v8::Null(isolate);
  if (entry.metadata) metadata = runtime::newString(isolate, *entry.metadata);
  v8::Local<v8::Value> items[] = {value, metadata};
  return v8::Array::New(isolate, items, 2);
}

}  // namespace edged::bindings::kv
