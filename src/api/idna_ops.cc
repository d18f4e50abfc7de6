#include <v8-primitive.h>

#include "edged/api/basic_ops.h"
#include "edged/runtime/js_values.h"
#include "idna.h"

namespace edged::api {

void opDomainToAscii(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::optional<std::string> ascii = domainToAscii(runtime::toUtf8(isolate, info[0]),
                                                   info[1]->IsTrue());
  if (!ascii) return info.GetReturnValue().SetNull();
  info.GetReturnValue().Set(runtime::newLatin1(isolate, *ascii));
}

void opDomainToUnicode(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  info.GetReturnValue().Set(
      runtime::newString(isolate, domainToUnicode(runtime::toUtf8(isolate, info[0]))));
}

}  // namespace edged::api
