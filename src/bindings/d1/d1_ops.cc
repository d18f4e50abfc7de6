// The D1 ops: JavaScript values to queries, outcomes back to JavaScript values. The work itself
// runs on the thread pool (query_queue.cc).
#include "edged/bindings/d1/d1_ops.h"

#include <fmt/format.h>
#include <v8-array-buffer.h>
#include <v8-container.h>
#include <v8-exception.h>
#include <v8-primitive.h>

#include <cmath>
#include <cstring>

#include "edged/bindings/d1/binding_specs.h"
#include "edged/runtime/js_values.h"
#include "edged/util/log.h"
#include "query_queue.h"

namespace edged::bindings::d1 {
namespace {

// Resolving or rejecting fails only while JS is being terminated; nothing is left to do then.
void settled(v8::Maybe<bool> result) { (void)result.IsJust(); }

// edged's own failure: logged with a reference id; JavaScript sees only the id.
v8::Local<v8::Value> internalError(runtime::Realm& realm, std::string_view detail) {
  std::string reference = log::newReferenceId();
  log::workerLine(spdlog::level::err, realm.workerName(), realm.currentRequestId(),
                  fmt::format("internal error; reference = {}: D1: {}", reference, detail));
  return v8::Exception::Error(
      runtime::newString(realm.isolate(), "internal error; reference = " + reference));
}

// A D1 error reaches JavaScript as its text; internal ones as an Error with a reference.
v8::Local<v8::Value> rejection(runtime::Realm& realm, const Error& error) {
  std::string_view message = error.message;
  if (message.starts_with(kInternalErrorPrefix)) {
    return internalError(realm, message.substr(kInternalErrorPrefix.size()));
  }
  return runtime::newString(realm.isolate(), message);
}

// The database file an op names (a name binding_specs.cc made: no separators).
std::optional<std::filesystem::path> databaseFor(runtime::Realm& realm, v8::Local<v8::Value> file) {
  v8::Isolate* isolate = realm.isolate();
  std::string name = runtime::toUtf8(isolate, file);
  if (name.empty() || name.find('/') != std::string::npos || name.find('.') != std::string::npos) {
    runtime::throwTypeError(isolate, "invalid D1 database file name");
    return std::nullopt;
  }
  if (realm.options().data_dir.empty()) {
    isolate->ThrowException(internalError(realm, "D1 needs a data directory"));
    return std::nullopt;
  }
  return databasePath(realm.options().data_dir, name);
}

// D1's parameter types (the JS half has turned booleans, ArrayBuffers and byte arrays into
// numbers and Uint8Arrays). Numbers cross as JSON does on Cloudflare: integral values are
// INTEGERs, others REALs, NaN and the infinities NULL.
bool paramsOf(v8::Isolate* isolate, v8::Local<v8::Value> value, std::vector<Value>& out) {
  if (!value->IsArray()) {
    runtime::throwTypeError(isolate, "D1 parameters must be an array");
    return false;
  }
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto array = value.As<v8::Array>();
  out.reserve(array->Length());
  for (uint32_t i = 0; i < array->Length(); ++i) {
    v8::Local<v8::Value> item;
    if (!array->Get(context, i).ToLocal(&item)) return false;
    if (item->IsNullOrUndefined()) {
      out.emplace_back(std::monostate{});
    } else if (item->IsNumber()) {
      double number = item.As<v8::Number>()->Value();
      constexpr double kTwoTo63 = 9223372036854775808.0;
      if (!std::isfinite(number)) {
        out.emplace_back(std::monostate{});
      } else if (std::trunc(number) == number && number >= -kTwoTo63 && number < kTwoTo63) {
        out.emplace_back(static_cast<int64_t>(number));
      } else {
        out.emplace_back(number);
      }
    } else if (item->IsBigInt()) {
      // 54_d1.js let only BigInts that fit a 64-bit INTEGER through.
      out.emplace_back(item.As<v8::BigInt>()->Int64Value());
    } else if (item->IsString()) {
      out.emplace_back(runtime::toUtf8(isolate, item));
    } else if (auto bytes = runtime::bufferSourceBytes(item)) {
      out.emplace_back(Blob{std::vector<uint8_t>(bytes->begin(), bytes->end())});
    } else {
      runtime::throwTypeError(isolate, "unsupported D1 parameter");
      return false;
    }
  }
  return true;
}

bool queriesOf(v8::Isolate* isolate, v8::Local<v8::Value> value, std::vector<Query>& out) {
  if (!value->IsArray()) {
    runtime::throwTypeError(isolate, "D1 queries must be an array");
    return false;
  }
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto array = value.As<v8::Array>();
  for (uint32_t i = 0; i < array->Length(); ++i) {
    v8::Local<v8::Value> item, sql, params;
    if (!array->Get(context, i).ToLocal(&item)) return false;
    if (!item->IsArray()) {
      runtime::throwTypeError(isolate, "a D1 query must be [sql, params]");
      return false;
    }
    if (!item.As<v8::Array>()->Get(context, 0).ToLocal(&sql) ||
        !item.As<v8::Array>()->Get(context, 1).ToLocal(&params)) {
      return false;
    }
    Query& query = out.emplace_back();
    query.sql = runtime::toUtf8(isolate, sql);
    if (!paramsOf(isolate, params, query.params)) return false;
  }
  return true;
}

v8::Local<v8::Value> toJs(v8::Isolate* isolate, const Value& value) {
  if (const auto* number = std::get_if<int64_t>(&value)) {
    return v8::Number::New(isolate, static_cast<double>(*number));
  }
  if (const auto* number = std::get_if<double>(&value)) return v8::Number::New(isolate, *number);
  if (const auto* text = std::get_if<std::string>(&value)) return runtime::newString(isolate, *text);
  if (const auto* blob = std::get_if<Blob>(&value)) {
    std::vector<v8::Local<v8::Value>> bytes;
    bytes.reserve(blob->bytes.size());
    for (uint8_t byte : blob->bytes) bytes.push_back(v8::Integer::New(isolate, byte));
    return v8::Array::New(isolate, bytes.data(), bytes.size());
  }
  return v8::Null(isolate);
}

v8::Local<v8::Array> toJs(v8::Isolate* isolate, const QueryResult& result) {
  std::vector<v8::Local<v8::Value>> columns;
  columns.reserve(result.columns.size());
  for (const std::string& name : result.columns) columns.push_back(runtime::newString(isolate, name));
  std::vector<v8::Local<v8::Value>> rows;
  rows.reserve(result.rows.size());
  std::vector<v8::Local<v8::Value>> cells;
  for (const std::vector<Value>& row : result.rows) {
    cells.clear();
    for (const Value& value : row) cells.push_back(toJs(isolate, value));
    rows.push_back(v8::Array::New(isolate, cells.data(), cells.size()));
  }
  const QueryMeta& meta = result.meta;
  v8::Local<v8::Value> meta_values[] = {
      v8::Number::New(isolate, meta.duration_ms),
      v8::Number::New(isolate, static_cast<double>(meta.changes)),
      v8::Number::New(isolate, static_cast<double>(meta.last_row_id)),
      v8::Boolean::New(isolate, meta.changed_db),
      v8::Number::New(isolate, static_cast<double>(meta.size_after)),
      v8::Number::New(isolate, static_cast<double>(meta.rows_read)),
      v8::Number::New(isolate, static_cast<double>(meta.rows_written)),
  };
  v8::Local<v8::Value> parts[] = {
      v8::Array::New(isolate, columns.data(), columns.size()),
      v8::Array::New(isolate, rows.data(), rows.size()),
      v8::Array::New(isolate, meta_values, std::size(meta_values)),
  };
  return v8::Array::New(isolate, parts, std::size(parts));
}

// The outcome of a job as a JavaScript value; empty (with `error` set) when it failed.
v8::Local<v8::Value> outcome(runtime::Realm& realm, Job& job, std::optional<Error>& error) {
  v8::Isolate* isolate = realm.isolate();
  if (job.open_error) {
    error = makeError(std::string(kInternalErrorPrefix) + job.open_error->message);
    return {};
  }
  switch (job.kind) {
    case Job::Kind::kBatch: {
      if (!job.batch->ok()) {
        error = job.batch->error();
        return {};
      }
      const BatchResult& batch = job.batch->value();
      std::vector<v8::Local<v8::Value>> results;
      results.reserve(batch.results.size());
      for (const QueryResult& result : batch.results) results.push_back(toJs(isolate, result));
      v8::Local<v8::Value> parts[] = {runtime::newString(isolate, batch.bookmark),
                                      v8::Array::New(isolate, results.data(), results.size())};
      return v8::Array::New(isolate, parts, std::size(parts));
    }
    case Job::Kind::kExec: {
      if (!job.exec->ok()) {
        error = job.exec->error();
        return {};
      }
      v8::Local<v8::Value> parts[] = {
          v8::Number::New(isolate, static_cast<double>(job.exec->value().count)),
          v8::Number::New(isolate, job.exec->value().duration_ms)};
      return v8::Array::New(isolate, parts, std::size(parts));
    }
    case Job::Kind::kDump: {
      if (!job.dump->ok()) {
        error = job.dump->error();
        return {};
      }
      const std::vector<uint8_t>& bytes = job.dump->value();
      v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, bytes.size());
      if (!bytes.empty()) std::memcpy(buffer->GetBackingStore()->Data(), bytes.data(), bytes.size());
      return buffer;
    }
  }
  return {};
}

void submit(const v8::FunctionCallbackInfo<v8::Value>& info, std::unique_ptr<Job> job) {
  runtime::Realm& realm = *runtime::Realm::from(info.GetIsolate());
  std::optional<std::filesystem::path> path = databaseFor(realm, info[0]);
  if (!path) return;
  v8::Local<v8::Promise> promise;
  if (realm.state<D1State>().submit(realm, *path, std::move(job)).ToLocal(&promise)) {
    info.GetReturnValue().Set(promise);
  }
}

}  // namespace

void settleJob(runtime::Realm& realm, Job& job, v8::Local<v8::Promise::Resolver> resolver) {
  v8::Local<v8::Context> context = realm.context();
  std::optional<Error> error;
  v8::Local<v8::Value> value = outcome(realm, job, error);
  if (error) {
    settled(resolver->Reject(context, rejection(realm, *error)));
  } else {
    settled(resolver->Resolve(context, value));
  }
}

void opD1Query(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto job = std::make_unique<Job>();
  job->kind = Job::Kind::kBatch;
  if (!queriesOf(info.GetIsolate(), info[1], job->queries)) return;
  submit(info, std::move(job));
}

void opD1Exec(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto job = std::make_unique<Job>();
  job->kind = Job::Kind::kExec;
  job->sql = runtime::toUtf8(info.GetIsolate(), info[1]);
  submit(info, std::move(job));
}

void opD1Dump(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto job = std::make_unique<Job>();
  job->kind = Job::Kind::kDump;
  submit(info, std::move(job));
}

}  // namespace edged::bindings::d1
