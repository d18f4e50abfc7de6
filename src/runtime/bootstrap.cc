#include "edged/runtime/bootstrap.h"

#include <v8-exception.h>
#include <v8-function.h>
#include <v8-object.h>
#include <v8-script.h>
#include <v8-template.h>

#include "edged/runtime/js_values.h"

namespace edged::runtime {
namespace {

v8::Local<v8::Object> makeOps(v8::Local<v8::Context> context, NativeOpTable ops) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Object> object = v8::Object::New(isolate);
  for (const NativeOp& op : ops) {
    v8::Local<v8::FunctionTemplate> tmpl = v8::FunctionTemplate::New(
        isolate, op.callback, {}, {}, 0, v8::ConstructorBehavior::kThrow);
    v8::Local<v8::Function> fn;
    if (!tmpl->GetFunction(context).ToLocal(&fn)) continue;
    fn->SetName(newString(isolate, op.name));
    object->Set(context, newString(isolate, op.name), fn).Check();
  }
  return object;
}

}  // namespace

Result<v8::Local<v8::Object>> bootstrapRuntime(v8::Local<v8::Context> context,
                                               NativeOpTable ops,
                                               const std::vector<RuntimeScript>& scripts) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::EscapableHandleScope scope(isolate);
  v8::Local<v8::Object> internals = v8::Object::New(isolate);
  v8::Local<v8::Object> primordials = v8::Object::New(isolate);
  v8::Local<v8::Object> ops_object = makeOps(context, ops);
  v8::Local<v8::String> params[] = {newString(isolate, "globalThis"),
                                    newString(isolate, "internals"), newString(isolate, "ops"),
                                    newString(isolate, "primordials")};
  for (const RuntimeScript& script : scripts) {
    v8::TryCatch try_catch(isolate);
    v8::ScriptOrigin origin(isolate, newString(isolate, script.name));
    v8::ScriptCompiler::Source source(newString(isolate, script.source), origin);
    v8::Local<v8::Function> fn;
    v8::Local<v8::Value> args[] = {context->Global(), internals, ops_object, primordials};
    if (!v8::ScriptCompiler::CompileFunction(context, &source, 4, params).ToLocal(&fn) ||
        fn->Call(context, v8::Undefined(isolate), 4, args).IsEmpty()) {
      return makeError(script.name + ": " + describeException(isolate, try_catch.Exception()));
    }
  }
  return scope.Escape(internals);
}

}  // namespace edged::runtime
