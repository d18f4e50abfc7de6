// The SQL ops of ctx.storage.sql: values between JavaScript and SQLite as workerd converts them
// (api/sql.c++): numbers bind as REAL, strings as TEXT, ArrayBuffers and views as BLOB, null as
// NULL (the JS half has already coerced anything else); INTEGER and REAL come back as numbers,
// TEXT as strings, BLOB as ArrayBuffers.
#include <v8-array-buffer.h>
#include <v8-container.h>
#include <v8-primitive.h>

#include <cstring>
#include <vector>

#include "edged/bindings/durable_objects/storage_ops.h"
#include "edged/runtime/js_values.h"
#include "storage_op_support.h"

namespace edged::bindings::durable_objects {
namespace {

bool bindingsOf(v8::Isolate* isolate, v8::Local<v8::Value> value, std::vector<SqlValue>& out) {
  if (!value->IsArray()) {
    runtime::throwTypeError(isolate, "expected an array of bindings");
    return false;
  }
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto array = value.As<v8::Array>();
  for (uint32_t i = 0; i < array->Length(); ++i) {
    v8::Local<v8::Value> item;
    if (!array->Get(context, i).ToLocal(&item)) return false;
    if (item->IsNullOrUndefined()) {
      out.emplace_back(std::monostate{});
    } else if (item->IsNumber()) {
      out.emplace_back(item.As<v8::Number>()->Value());
    } else if (item->IsString()) {
      out.emplace_back(runtime::toUtf8(isolate, item));
    } else if (auto bytes = runtime::bufferSourceBytes(item)) {
      out.emplace_back(SqlBlob{std::string(reinterpret_cast<const char*>(bytes->data()),
                                           bytes->size())});
    } else {
      runtime::throwTypeError(isolate, "unsupported SQL binding value");
      return false;
    }
  }
  return true;
}

v8::Local<v8::Value> toJs(v8::Isolate* isolate, const SqlValue& value) {
  if (std::holds_alternative<int64_t>(value)) {
    return v8::Number::New(isolate, static_cast<double>(std::get<int64_t>(value)));
  }
  if (std::holds_alternative<double>(value)) return v8::Number::New(isolate, std::get<double>(value));
  if (std::holds_alternative<std::string>(value)) {
    return runtime::newString(isolate, std::get<std::string>(value));
  }
  if (std::holds_alternative<SqlBlob>(value)) {
    const std::string& bytes = std::get<SqlBlob>(value).bytes;
    v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, bytes.size());
    if (!bytes.empty()) std::memcpy(buffer->GetBackingStore()->Data(), bytes.data(), bytes.size());
    return buffer;
  }
  return v8::Null(isolate);
}

}  // namespace

void opDoStorageSqlEnabled(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  info.GetReturnValue().Set(storage->backend() == StorageBackend::kSqlite);
}

void opDoStorageSqlExec(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ObjectStorage* storage = storageFor(info);
  std::vector<SqlValue> bindings;
  if (storage == nullptr || !bindingsOf(isolate, info[2], bindings)) return;
  auto cursor = storage->exec(runtime::toUtf8(isolate, info[1]), bindings);
  if (!cursor.ok()) return throwStorageError(isolate, cursor.error());
  const SqlCursorData& data = cursor.value();

  std::vector<v8::Local<v8::Value>> names;
  for (const std::string& name : data.column_names) names.push_back(runtime::newString(isolate, name));
  std::vector<v8::Local<v8::Value>> rows;
  rows.reserve(data.rows.size());
  std::vector<v8::Local<v8::Value>> cells;
  for (const std::vector<SqlValue>& row : data.rows) {
    cells.clear();
    for (const SqlValue& value : row) cells.push_back(toJs(isolate, value));
    rows.push_back(v8::Array::New(isolate, cells.data(), cells.size()));
  }
  v8::Local<v8::Value> result[] = {
      v8::Array::New(isolate, names.data(), names.size()),
      v8::Array::New(isolate, rows.data(), rows.size()),
      v8::Number::New(isolate, static_cast<double>(data.rows_read)),
      v8::Number::New(isolate, static_cast<double>(data.rows_written)),
  };
  info.GetReturnValue().Set(v8::Array::New(isolate, result, std::size(result)));
}

void opDoStorageDatabaseSize(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  auto bytes = storage->databaseSize();
  if (!bytes.ok()) return throwStorageError(info.GetIsolate(), bytes.error());
  info.GetReturnValue().Set(static_cast<double>(bytes.value()));
}

}  // namespace edged::bindings::durable_objects
