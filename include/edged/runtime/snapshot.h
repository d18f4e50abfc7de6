#pragma once
// The V8 startup snapshot that already holds runtime-js (DESIGN.md: isolates from a snapshot).
// Built at build time by edged_snapshot_gen, embedded into the binary, and loaded here.

#include <v8-snapshot.h>

#include <string>
#include <string_view>
#include <vector>

#include "edged/runtime/bootstrap.h"
#include "edged/runtime/native_op.h"
#include "edged/util/result.h"

namespace edged::runtime {

// A snapshot blob plus the external-reference table it was made with; both must outlive every
// isolate created from it (V8 keeps the pointers).
class Snapshot {
 public:
  Snapshot(std::string_view blob, NativeOpTable ops);
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  // V8 takes a non-const pointer but only reads the blob.
  v8::StartupData* startupData() const { return &startup_data_; }
  const intptr_t* externalReferences() const { return references_.data(); }

 private:
  std::string blob_;
  mutable v8::StartupData startup_data_;
  std::vector<intptr_t> references_;
};

// The null-terminated external-reference table for an op table.
std::vector<intptr_t> externalReferences(NativeOpTable ops);

// Creates a snapshot blob: a context in which `scripts` ran, with `internals` saved as the
// context's first snapshot data item (read back by WorkerIsolate).
Result<std::string> buildSnapshot(NativeOpTable ops, const std::vector<RuntimeScript>& scripts);

}  // namespace edged::runtime
