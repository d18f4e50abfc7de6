#include "r2_op_args.h"

#include <v8-container.h>

#include "edged/runtime/js_values.h"

namespace edged::bindings::r2 {
namespace {

std::optional<std::vector<EtagCondition>> etagsField(v8::Local<v8::Context> context,
                                                     v8::Local<v8::Object> object,
                                                     std::string_view name) {
  v8::Local<v8::Value> value = field(context, object, name);
  if (!value->IsArray()) return std::nullopt;
  auto list = value.As<v8::Array>();
  std::vector<EtagCondition> etags;
  for (uint32_t i = 0; i < list->Length(); ++i) {
    v8::Local<v8::Value> item;
    if (!list->Get(context, i).ToLocal(&item) || !item->IsArray()) continue;
    auto pair = item.As<v8::Array>();
    v8::Local<v8::Value> kind, text;
    if (!pair->Get(context, 0).ToLocal(&kind) || !pair->Get(context, 1).ToLocal(&text)) continue;
    int k = kind->Int32Value(context).FromMaybe(0);
    etags.push_back({k == 2   ? EtagCondition::Kind::kWildcard
                     : k == 1 ? EtagCondition::Kind::kWeak
                              : EtagCondition::Kind::kStrong,
                     runtime::toUtf8(context->GetIsolate(), text)});
  }
  return etags;
}

}  // namespace

bool keyArgument(v8::Isolate* isolate, v8::Local<v8::Value> value, std::string_view method,
                 std::string* key) {
  *key = runtime::toUtf8(isolate, value);
  if (key->size() <= kMaxKeyBytes) return true;
  isolate->ThrowException(r2Exception(isolate, method, {R2ErrorCode::kInvalidObjectName, {}}));
  return false;
}

v8::Local<v8::Value> field(v8::Local<v8::Context> context, v8::Local<v8::Object> object,
                           std::string_view name) {
  v8::Local<v8::Value> value;
  if (!runtime::getProperty(context, object, name).ToLocal(&value)) {
    return v8::Undefined(context->GetIsolate());
  }
  return value;
}

std::string stringField(v8::Local<v8::Context> context, v8::Local<v8::Object> object,
                        std::string_view name) {
  v8::Local<v8::Value> value = field(context, object, name);
  return value->IsString() ? runtime::toUtf8(context->GetIsolate(), value) : std::string();
}

std::optional<double> numberField(v8::Local<v8::Context> context, v8::Local<v8::Object> object,
                                  std::string_view name) {
  v8::Local<v8::Value> value = field(context, object, name);
  if (!value->IsNumber()) return std::nullopt;
  return value.As<v8::Number>()->Value();
}

bool boolField(v8::Local<v8::Context> context, v8::Local<v8::Object> object,
               std::string_view name) {
  return field(context, object, name)->IsTrue();
}

std::optional<Conditional> conditionalArgument(v8::Local<v8::Context> context,
                                               v8::Local<v8::Value> value) {
  if (!value->IsObject()) return std::nullopt;
  auto object = value.As<v8::Object>();
  Conditional c;
  c.etag_matches = etagsField(context, object, "etagMatches");
  c.etag_does_not_match = etagsField(context, object, "etagDoesNotMatch");
  if (auto ms = numberField(context, object, "uploadedBefore")) {
    c.uploaded_before_ms = static_cast<int64_t>(*ms);
  }
  if (auto ms = numberField(context, object, "uploadedAfter")) {
    c.uploaded_after_ms = static_cast<int64_t>(*ms);
  }
  c.seconds_granularity = boolField(context, object, "secondsGranularity");
  return c;
}

double idArgument(const v8::FunctionCallbackInfo<v8::Value>& info) {
  return info[0]->NumberValue(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
}

}  // namespace edged::bindings::r2
