#include "edged/runtime/stack_trace.h"

#include <v8-container.h>
#include <v8-function.h>
#include <v8-object.h>

#include "edged/runtime/js_values.h"

namespace edged::runtime {
namespace {

// Calls site.<method>() and returns the result, or empty when it threw.
v8::MaybeLocal<v8::Value> callMethod(v8::Local<v8::Context> context, v8::Local<v8::Object> site,
                                     std::string_view method) {
  v8::Local<v8::Value> fn;
  if (!getProperty(context, site, method).ToLocal(&fn) || !fn->IsFunction()) return {};
  return fn.As<v8::Function>()->Call(context, site, 0, nullptr);
}

bool isRuntimeFrame(v8::Local<v8::Context> context, v8::Local<v8::Object> site) {
  v8::Local<v8::Value> file;
  if (!callMethod(context, site, "getFileName").ToLocal(&file) || !file->IsString()) return false;
  v8::String::Utf8Value name(context->GetIsolate(), file);
  return name.length() >= 6 && std::string_view(*name, 6) == "edged:";
}

}  // namespace

v8::MaybeLocal<v8::Value> prepareStackTrace(v8::Local<v8::Context> context,
                                            v8::Local<v8::Value> error,
                                            v8::Local<v8::Array> sites) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::EscapableHandleScope scope(isolate);
  std::vector<v8::Local<v8::Value>> kept;
  for (uint32_t i = 0; i < sites->Length(); ++i) {
    v8::Local<v8::Value> site;
    if (!sites->Get(context, i).ToLocal(&site)) return {};
    if (site->IsObject() && isRuntimeFrame(context, site.As<v8::Object>())) continue;
    kept.push_back(site);
  }

  // A Worker's own Error.prepareStackTrace (source-map-support, depd…) takes precedence.
  v8::Local<v8::Value> error_ctor, user_prepare;
  if (getProperty(context, context->Global(), "Error").ToLocal(&error_ctor) &&
      error_ctor->IsObject() &&
      getProperty(context, error_ctor.As<v8::Object>(), "prepareStackTrace").ToLocal(&user_prepare) &&
      user_prepare->IsFunction()) {
    v8::Local<v8::Value> args[] = {error, v8::Array::New(isolate, kept.data(), kept.size())};
    v8::Local<v8::Value> result;
    if (!user_prepare.As<v8::Function>()->Call(context, error_ctor, 2, args).ToLocal(&result)) {
      return {};
    }
    return scope.Escape(result);
  }

  // V8's own format: "<Error.prototype.toString()>\n    at <site>" per frame.
  std::string text;
  v8::Local<v8::String> header;
  if (error->IsObject() && error->ToString(context).ToLocal(&header)) {
    text = toUtf8(isolate, header);
  }
  for (v8::Local<v8::Value> site : kept) {
    v8::Local<v8::Value> line;
    if (!site->IsObject() || !callMethod(context, site.As<v8::Object>(), "toString").ToLocal(&line)) {
      continue;
    }
    text += "\n    at ";
    text += toUtf8(isolate, line);
  }
  return scope.Escape(newString(isolate, text));
}

}  // namespace edged::runtime
