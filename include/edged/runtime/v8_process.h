#pragma once
// V8's process-wide state: the platform (its worker threads) and V8::Initialize. Exactly one
// V8Process lives for the life of the program; isolates are created only while it exists.

#include <v8-platform.h>

#include <memory>

namespace edged::runtime {

class V8Process {
 public:
  // `flags` are extra V8 flags (e.g. "--max-lazy"), applied before initialization.
  explicit V8Process(const char* flags = "");
  ~V8Process();
  V8Process(const V8Process&) = delete;
  V8Process& operator=(const V8Process&) = delete;

  v8::Platform* platform() const { return platform_.get(); }

 private:
  std::unique_ptr<v8::Platform> platform_;
};

}  // namespace edged::runtime
