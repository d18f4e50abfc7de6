#include "edged/runtime/v8_process.h"

#include <libplatform/libplatform.h>
#include <v8-initialization.h>

#include <cstring>

namespace edged::runtime {

V8Process::V8Process(const char* flags) {
  // The snapshot is part of edged's own executable; V8 would checksum all of it (adler32) again
  // for every isolate, ~6% of creating one.
  static constexpr char kEngineFlags[] = "--no-verify-snapshot-checksum";
  v8::V8::SetFlagsFromString(kEngineFlags, sizeof kEngineFlags - 1);
  // Workers may not generate code from strings (eval, new Function) on Cloudflare; V8's flags
  // here only tune the engine. Harmony features V8 10.2 has behind flags stay off.
  if (flags != nullptr && *flags != '\0') {
    v8::V8::SetFlagsFromString(flags, std::strlen(flags));
  }
  platform_ = v8::platform::NewDefaultPlatform();
  v8::V8::InitializePlatform(platform_.get());
  v8::V8::Initialize();
}

V8Process::~V8Process() {
  v8::V8::Dispose();
  v8::V8::DisposePlatform();
}

}  // namespace edged::runtime
