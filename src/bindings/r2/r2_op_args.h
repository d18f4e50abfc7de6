#pragma once
// Reading the ops' arguments (already type-checked by runtime-js/api/55_r2.js) into C++.

#include <v8-context.h>
#include <v8-function-callback.h>

#include <optional>
#include <string>

#include "edged/bindings/r2/conditional.h"
#include "r2_state.h"

namespace edged::bindings::r2 {

// The key in `value`; false with R2's InvalidObjectName thrown for `method` when it is too long.
bool keyArgument(v8::Isolate* isolate, v8::Local<v8::Value> value, std::string_view method,
                 std::string* key);
std::string stringField(v8::Local<v8::Context> context, v8::Local<v8::Object> object,
                        std::string_view name);
std::optional<double> numberField(v8::Local<v8::Context> context, v8::Local<v8::Object> object,
                                  std::string_view name);
bool boolField(v8::Local<v8::Context> context, v8::Local<v8::Object> object,
               std::string_view name);
v8::Local<v8::Value> field(v8::Local<v8::Context> context, v8::Local<v8::Object> object,
                           std::string_view name);
// The onlyIf object described in r2_ops.h; nullopt for null/undefined.
std::optional<Conditional> conditionalArgument(v8::Local<v8::Context> context,
                                               v8::Local<v8::Value> value);
double idArgument(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::r2
