#include "edged/bindings/queues/queue_ops.h"

#include <fmt/format.h>
#include <v8-container.h>
#include <v8-exception.h>

#include <random>

#include "edged/bindings/queues/queue_broker.h"
#include "edged/bindings/queues/queue_limits.h"
#include "edged/bindings/queues/queue_store.h"
#include "edged/runtime/js_values.h"
#include "edged/runtime/realm.h"
#include "edged/util/clock.h"
#include "edged/util/log.h"

namespace edged::bindings::queues {
namespace {

// What the queue ops of one realm share: this thread's connection to the queues file and the
// generator of message ids.
class QueueState : public runtime::RealmState {
 public:
  // The store, or null with an exception thrown in JS.
  QueueStore* store(runtime::Realm& realm);
  // 32 hex digits, as Cloudflare's message ids.
  std::string newMessageId();

 private:
  std::unique_ptr<QueueStore> store_;
  std::mt19937_64 random_{std::random_device{}()};
};

void throwInternalError(runtime::Realm& realm, std::string_view detail) {
  std::string reference = log::newReferenceId();
  log::workerLine(spdlog::level::err, realm.workerName(), realm.currentRequestId(),
                  fmt::format("internal error; reference = {}: Queues: {}", reference, detail));
  realm.isolate()->ThrowException(v8::Exception::Error(
      runtime::newString(realm.isolate(), "internal error; reference = " + reference)));
}

QueueStore* QueueState::store(runtime::Realm& realm) {
  if (store_) return store_.get();
  if (realm.options().data_dir.empty()) {
    throwInternalError(realm, "Queues need a data directory");
    return nullptr;
  }
  Result<std::unique_ptr<QueueStore>> opened =
      QueueStore::open(queuesFile(realm.options().data_dir));
  if (!opened.ok()) {
    throwInternalError(realm, opened.error().message);
    return nullptr;
  }
  store_ = std::move(opened).value();
  return store_.get();
}

std::string QueueState::newMessageId() {
  return fmt::format("{:016x}{:016x}", random_(), random_());
}

// One [contentType, body, delaySeconds] entry; false with an exception thrown when malformed
// (56_queues.js always sends them well formed).
bool readMessage(v8::Isolate* isolate, v8::Local<v8::Value> entry, NewMessage& out,
                 double& delay_seconds) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (!entry->IsArray() || entry.As<v8::Array>()->Length() != 3) {
    runtime::throwTypeError(isolate, "expected [contentType, body, delaySeconds]");
    return false;
  }
  auto fields = entry.As<v8::Array>();
  v8::Local<v8::Value> type, body, delay;
  if (!fields->Get(context, 0).ToLocal(&type) || !fields->Get(context, 1).ToLocal(&body) ||
      !fields->Get(context, 2).ToLocal(&delay)) {
    return false;
  }
  out.content_type = runtime::toUtf8(isolate, type);
  if (body->IsString()) {
    out.body = runtime::toUtf8(isolate, body);
  } else if (auto bytes = runtime::bufferSourceBytes(body)) {
    out.body.assign(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  } else {
    runtime::throwTypeError(isolate, "expected a serialized message body");
    return false;
  }
  delay_seconds = delay->NumberValue(context).FromMaybe(0);
  return true;
}

}  // namespace

void opQueueSend(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  if (realm == nullptr) return;
  std::string queue = runtime::toUtf8(isolate, info[0]);
  bool batch = info[1]->BooleanValue(isolate);
  if (!info[2]->IsArray()) return runtime::throwTypeError(isolate, "expected an array of messages");
  auto entries = info[2].As<v8::Array>();
  QueueState& state = realm->state<QueueState>();
  std::vector<NewMessage> messages(entries->Length());
  std::vector<OutgoingSize> sizes(entries->Length());
  for (uint32_t i = 0; i < entries->Length(); ++i) {
    v8::Local<v8::Value> entry;
    if (!entries->Get(context, i).ToLocal(&entry)) return;
    if (!readMessage(isolate, entry, messages[i], sizes[i].delay_seconds)) return;
    sizes[i].bytes = messages[i].body.size();
  }
  if (std::optional<std::string> error = checkSend(sizes, batch)) {
    isolate->ThrowException(v8::Exception::Error(runtime::newString(isolate, *error)));
    return;
  }
  for (size_t i = 0; i < messages.size(); ++i) {
    messages[i].id = state.newMessageId();
    messages[i].delay_ms = static_cast<int64_t>(sizes[i].delay_seconds * 1000);
  }
  QueueStore* store = state.store(*realm);
  if (store == nullptr) return;
  Status committed = store->enqueue(queue, messages, static_cast<int64_t>(clock::nowMs()));
  if (!committed.ok()) return throwInternalError(*realm, committed.error().message);
  QueueBroker::notifyRunning(queue);
}

}  // namespace edged::bindings::queues
