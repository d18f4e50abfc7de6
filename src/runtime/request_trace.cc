#include "edged/runtime/request_trace.h"

#include <v8-container.h>
#include <v8-exception.h>
#include <v8-json.h>
#include <v8-primitive.h>

#include <optional>

#include "edged/runtime/js_values.h"
#include "edged/util/clock.h"
#include "edged/util/json_escape.h"

namespace edged::runtime {
namespace {

// The console call's arguments as a JSON array, each one as JSON.stringify gives it (strings as
// strings, objects as objects), as Cloudflare's trace events carry them. Null when one of them
// has no JSON form (undefined, a function, a BigInt, a cycle).
std::optional<std::string> argumentsJson(v8::Isolate* isolate, v8::Local<v8::Value> args) {
  if (!args->IsArray()) return std::nullopt;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> array = args.As<v8::Array>();
  std::string json = "[";
  for (uint32_t i = 0; i < array->Length(); ++i) {
    v8::Local<v8::Value> arg;
    if (!array->Get(context, i).ToLocal(&arg)) return std::nullopt;
    if (i > 0) json += ',';
    if (arg->IsString()) {
      json += jsonQuote(toUtf8(isolate, arg));
      continue;
    }
    // User toJSON() methods and getters may throw: that only costs this form of the line.
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::String> text;
    if (!v8::JSON::Stringify(context, arg).ToLocal(&text) || try_catch.HasCaught()) {
      return std::nullopt;
    }
    if (!text->IsString() || text->Length() == 0) return std::nullopt;
    json += toUtf8(isolate, text);
  }
  return json + "]";
}

// `name` and `message` of a thrown value, read without letting a throwing getter escape.
std::string errorField(v8::Isolate* isolate, v8::Local<v8::Value> exception, const char* field) {
  if (!exception->IsObject()) return {};
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Value> value;
  if (!getProperty(isolate->GetCurrentContext(), exception.As<v8::Object>(), field)
           .ToLocal(&value) ||
      value->IsUndefined()) {
    return {};
  }
  return toUtf8(isolate, value);
}

}  // namespace

std::shared_ptr<RequestTrace> RequestTraces::begin(const std::string& request_id) {
  std::erase_if(open_, [](const auto& entry) { return entry.second.expired(); });
  auto trace = std::make_shared<RequestTrace>();
  open_[request_id] = trace;
  return trace;
}

std::shared_ptr<RequestTrace> RequestTraces::find(const std::string& request_id) {
  if (open_.empty()) return nullptr;
  auto it = open_.find(request_id);
  if (it == open_.end()) return nullptr;
  std::shared_ptr<RequestTrace> trace = it->second.lock();
  if (!trace) open_.erase(it);
  return trace;
}

void traceConsole(Realm& realm, const std::string& level, const std::string& text,
                  v8::Local<v8::Value> args) {
  RequestTraces& traces = realm.state<RequestTraces>();
  std::shared_ptr<RequestTrace> trace = traces.find(realm.currentRequestId());
  if (trace == nullptr) return;
  if (trace->truncated) return;
  std::string json = argumentsJson(realm.isolate(), args).value_or("[" + jsonQuote(text) + "]");
  if (trace->bytes + json.size() > kMaxTraceBytes) {
    trace->truncated = true;
    return;
  }
  trace->bytes += json.size();
  trace->logs.push_back({level, std::move(json), clock::nowMs()});
}

void traceException(Realm& realm, v8::Local<v8::Value> exception) {
  RequestTraces& traces = realm.state<RequestTraces>();
  std::shared_ptr<RequestTrace> trace = traces.find(realm.currentRequestId());
  if (trace == nullptr) return;
  v8::Isolate* isolate = realm.isolate();
  TraceException entry;
  entry.timestamp_ms = clock::nowMs();
  entry.name = errorField(isolate, exception, "name");
  if (exception->IsObject() && !entry.name.empty()) {
    entry.message = errorField(isolate, exception, "message");
    entry.stack = realm.withOriginalPositions(errorField(isolate, exception, "stack"));
  } else {
    // A thrown non-Error (`throw "boom"`): Cloudflare names it "Error" with the value's text.
    entry.name = "Error";
    entry.message = toUtf8(isolate, exception);
  }
  size_t bytes = entry.name.size() + entry.message.size() + entry.stack.size();
  // Exceptions are what a tail is most often for: kept even past the log bound, without stack.
  if (trace->bytes + bytes > kMaxTraceBytes) {
    bytes -= entry.stack.size();
    entry.stack.clear();
    trace->truncated = true;
  }
  trace->bytes += bytes;
  trace->exceptions.push_back(std::move(entry));
}

}  // namespace edged::runtime
