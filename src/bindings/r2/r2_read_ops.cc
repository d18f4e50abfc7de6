// head, get (with ranges and onlyIf), streaming a body to JS, list and delete.
#include <v8-container.h>
#include <v8-primitive.h>

#include "edged/bindings/r2/r2_ops.h"
#include "edged/runtime/js_values.h"
#include "r2_op_args.h"

namespace edged::bindings::r2 {
namespace {

// Bodies up to this size come back with the get itself; larger ones stream in chunks.
constexpr uint64_t kInlineBodyBytes = 64 * 1024;
constexpr uint64_t kReadChunkBytes = 256 * 1024;
// A get that finds its blob unlinked (the key was just replaced) looks it up again this often.
constexpr int kLookupAttempts = 4;

struct Opened {
  ObjectMeta meta;
  std::optional<storage::FileReader> file;
};

// The key's object and its open blob; nullopt for a missing key. Retries when the blob was
// replaced between reading the row and opening the file.
Result<std::optional<Opened>> openObject(BucketStore& store, std::string_view key) {
  std::string last_error;
  for (int attempt = 0; attempt < kLookupAttempts; ++attempt) {
    Result<std::optional<ObjectMeta>> meta = store.head(key);
    if (!meta.ok()) return meta.error();
    if (!meta.value()) return std::optional<Opened>();
    Result<storage::FileReader> file = storage::FileReader::open(store.blobPath(meta.value()->blob));
    if (file.ok()) {
      return std::optional<Opened>(Opened{std::move(meta.value()).value(), std::move(file).value()});
    }
    last_error = file.error().message;
  }
  return makeError(last_error);
}

std::optional<RangeRequest> rangeArgument(v8::Local<v8::Context> context,
                                          v8::Local<v8::Value> value, uint64_t size,
                                          std::optional<ByteRange>* from_header) {
  if (!value->IsObject()) return std::nullopt;
  auto object = value.As<v8::Object>();
  v8::Local<v8::Value> header = field(context, object, "header");
  if (header->IsString()) {
    *from_header = parseRangeHeader(runtime::toUtf8(context->GetIsolate(), header), size);
    return std::nullopt;
  }
  RangeRequest request;
  if (auto n = numberField(context, object, "offset")) request.offset = static_cast<uint64_t>(*n);
  if (auto n = numberField(context, object, "length")) request.length = static_cast<uint64_t>(*n);
  if (auto n = numberField(context, object, "suffix")) request.suffix = static_cast<uint64_t>(*n);
  return request;
}

}  // namespace

void opR2Head(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  std::string key;
  if (!keyArgument(isolate, info[1], "head", &key)) return;
  BucketStore* store = realm.state<R2State>().store(realm, runtime::toUtf8(isolate, info[0]));
  if (store == nullptr) return;
  Result<std::optional<ObjectMeta>> meta = store->head(key);
  if (!meta.ok()) return raise(isolate, internalError(realm, meta.error().message));
  if (!meta.value()) return info.GetReturnValue().SetNull();
  info.GetReturnValue().Set(metadataToJs(isolate, *meta.value()));
}

void opR2Get(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  R2State& state = realm.state<R2State>();
  std::string key;
  if (!keyArgument(isolate, info[1], "get", &key)) return;
  BucketStore* store = state.store(realm, runtime::toUtf8(isolate, info[0]));
  if (store == nullptr) return;
  Result<std::optional<Opened>> opened = openObject(*store, key);
  if (!opened.ok()) return raise(isolate, internalError(realm, opened.error().message));
  if (!opened.value()) return info.GetReturnValue().SetNull();
  Opened& object = *opened.value();
  const ObjectMeta& meta = object.meta;
  std::optional<Conditional> only_if = conditionalArgument(context, info[2]);
  if (only_if && !conditionHolds(*only_if, &meta.etag, meta.uploaded_ms)) {
    v8::Local<v8::Value> result[] = {metadataToJs(isolate, meta), v8::Null(isolate)};
    return info.GetReturnValue().Set(v8::Array::New(isolate, result, 2));
  }
  std::optional<ByteRange> range;
  std::optional<RangeRequest> request = rangeArgument(context, info[3], meta.size, &range);
  if (request) {
    R2ErrorCode error;
    range = resolveRange(*request, meta.size, &error);
    if (error != R2ErrorCode::kNone) {
      return raise(isolate, r2Exception(isolate, "get", {error, {}}));
    }
  }
  ByteRange bytes = range.value_or(ByteRange{0, meta.size});
  v8::Local<v8::Value> body;
  if (bytes.length <= kInlineBodyBytes) {
    std::vector<uint8_t> chunk(bytes.length);
    Result<size_t> read = object.file->readAt(bytes.offset, chunk);
    if (!read.ok() || read.value() != chunk.size()) {
      return raise(isolate, internalError(
          realm, read.ok() ? "blob file is shorter than its object: " + meta.blob
                           : read.error().message));
    }
    body = runtime::newUint8Array(isolate, chunk);
  } else {
    BodyReader reader{std::make_shared<storage::FileReader>(std::move(*object.file)), bytes.offset,
                      bytes.offset + bytes.length, false};
    body = v8::Number::New(isolate, state.add(std::move(reader)));
  }
  // The range a get reports: the one asked for, else the whole object.
  v8::Local<v8::Value> result[] = {metadataToJs(isolate, meta, bytes), body};
  info.GetReturnValue().Set(v8::Array::New(isolate, result, 2));
}

void opR2BodyRead(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  R2State& state = realm.state<R2State>();
  double id = idArgument(info);
  BodyReader* reader = state.reader(id);
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return;
  info.GetReturnValue().Set(resolver->GetPromise());
  if (reader == nullptr || reader->offset >= reader->end) {
    state.closeReader(id);
    ignore(resolver->Resolve(context, v8::Null(isolate)));
    return;
  }
  if (reader->reading) {
    ignore(resolver->Reject(context, internalError(realm, "r2BodyRead while a read is pending")));
    return;
  }
  reader->reading = true;
  auto chunk = std::make_shared<std::vector<uint8_t>>(
      std::min<uint64_t>(kReadChunkBytes, reader->end - reader->offset));
  auto result = std::make_shared<Result<size_t>>(size_t{0});
  auto pending = std::make_shared<v8::Global<v8::Promise::Resolver>>(isolate, resolver);
  std::string request_id = realm.currentRequestId();
  std::shared_ptr<storage::FileReader> file = reader->file;
  uint64_t offset = reader->offset;
  state.queue(
      realm, [file, offset, chunk, result] { *result = file->readAt(offset, *chunk); },
      [&realm, id, chunk, result, pending, request_id](R2State& s) {
        BodyReader* r = s.reader(id);
        if (r != nullptr) r->reading = false;
        if (!result->ok() || result->value() == 0) {
          s.closeReader(id);
          std::string detail = result->ok() ? "blob file ended early" : result->error().message;
          settleFromLoop(realm, request_id, *pending, nullptr,
                         [&](v8::Isolate*) { return internalError(realm, detail); });
          return;
        }
        chunk->resize(result->value());
        if (r != nullptr) r->offset += result->value();
        settleFromLoop(realm, request_id, *pending, [&](v8::Isolate* isolate) {
          return runtime::newUint8Array(isolate, *chunk).As<v8::Value>();
        });
      });
}

void opR2BodyClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm& realm = *runtime::Realm::from(info.GetIsolate());
  realm.state<R2State>().closeReader(idArgument(info));
}

void opR2Delete(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  if (!info[1]->IsArray()) return;
  auto list = info[1].As<v8::Array>();
  std::vector<std::string> keys;
  for (uint32_t i = 0; i < list->Length(); ++i) {
    v8::Local<v8::Value> item;
    if (!list->Get(context, i).ToLocal(&item)) return;
    std::string key;
    if (!keyArgument(isolate, item, "delete", &key)) return;
    keys.push_back(std::move(key));
  }
  BucketStore* store = realm.state<R2State>().store(realm, runtime::toUtf8(isolate, info[0]));
  if (store == nullptr) return;
  Status removed = store->remove(keys);
  if (!removed.ok()) isolate->ThrowException(internalError(realm, removed.error().message));
}

void opR2List(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  if (!info[1]->IsObject()) return;
  auto options = info[1].As<v8::Object>();
  ListOptions list;
  list.prefix = stringField(context, options, "prefix");
  list.delimiter = stringField(context, options, "delimiter");
  list.start_after = stringField(context, options, "startAfter");
  // The cursor is the hex of the last key a page covered (opaque to Workers).
  std::string cursor = stringField(context, options, "cursor");
  std::string after_cursor;
  bool valid = cursor.size() % 2 == 0;
  for (size_t i = 0; valid && i < cursor.size(); i += 2) {
    char* end = nullptr;
    std::string pair = cursor.substr(i, 2);
    long byte = std::strtol(pair.c_str(), &end, 16);
    valid = *end == '\0';
    after_cursor += static_cast<char>(byte);
  }
  if (!valid) {
    return raise(isolate, 
        r2Exception(isolate, "list", {R2ErrorCode::kInvalidArgument, "The cursor is not valid."}));
  }
  list.start_after = std::max(list.start_after, after_cursor);
  std::optional<double> limit = numberField(context, options, "limit");
  if (limit) {
    if (*limit < 1 || *limit > kMaxListLimit) {
      return raise(isolate, 
          r2Exception(isolate, "list", {R2ErrorCode::kInvalidMaxKeys, {}}));
    }
    list.limit = static_cast<int>(*limit);
  }
  BucketStore* store = realm.state<R2State>().store(realm, runtime::toUtf8(isolate, info[0]));
  if (store == nullptr) return;
  Result<ListPage> page = store->list(list, boolField(context, options, "includeHttp"),
                                      boolField(context, options, "includeCustom"));
  if (!page.ok()) return raise(isolate, internalError(realm, page.error().message));
  v8::Local<v8::Array> objects = v8::Array::New(isolate, static_cast<int>(page->objects.size()));
  for (size_t i = 0; i < page->objects.size(); ++i) {
    ignore(objects->Set(context, static_cast<uint32_t>(i), metadataToJs(isolate, page->objects[i])));
  }
  v8::Local<v8::Array> prefixes =
      v8::Array::New(isolate, static_cast<int>(page->delimited_prefixes.size()));
  for (size_t i = 0; i < page->delimited_prefixes.size(); ++i) {
    ignore(prefixes->Set(context, static_cast<uint32_t>(i),
                        runtime::newString(isolate, page->delimited_prefixes[i])));
  }
  v8::Local<v8::Object> result = v8::Object::New(isolate);
  ignore(result->Set(context, runtime::newString(isolate, "objects"), objects));
  ignore(result->Set(context, runtime::newString(isolate, "delimitedPrefixes"), prefixes));
  ignore(result->Set(context, runtime::newString(isolate, "truncated"),
                    v8::Boolean::New(isolate, page->next_start_after.has_value())));
  if (page->next_start_after) {
    ignore(result->Set(context, runtime::newString(isolate, "cursor"),
                      runtime::newString(isolate, toHex({reinterpret_cast<const uint8_t*>(
                                                             page->next_start_after->data()),
                                                         page->next_start_after->size()}))));
  }
  info.GetReturnValue().Set(result);
}

}  // namespace edged::bindings::r2
