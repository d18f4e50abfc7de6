#pragma once
// The ValueSerializer delegate of structuredClone and serialization: a value that cannot be
// cloned throws a plain Error, which runtime-js turns into a DataCloneError DOMException.
// Only for sources built with -fno-rtti (libnode's V8 has no RTTI; see CMakeLists.txt).

#include <v8-exception.h>
#include <v8-isolate.h>
#include <v8-value-serializer.h>

namespace edged::api {

class CloneErrorDelegate : public v8::ValueSerializer::Delegate {
 public:
  explicit CloneErrorDelegate(v8::Isolate* isolate) : isolate_(isolate) {}
  void ThrowDataCloneError(v8::Local<v8::String> message) override {
    isolate_->ThrowException(v8::Exception::Error(message));
  }

 private:
  v8::Isolate* isolate_;
};

}  // namespace edged::api
