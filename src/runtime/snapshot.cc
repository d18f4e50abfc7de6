#include "edged/runtime/snapshot.h"

#include <v8-context.h>
#include <v8-isolate.h>

#include "edged/util/assert.h"

namespace edged::runtime {

std::vector<intptr_t> externalReferences(NativeOpTable ops) {
  std::vector<intptr_t> refs;
  refs.reserve(ops.size() + 1);
  for (const NativeOp& op : ops) refs.push_back(reinterpret_cast<intptr_t>(op.callback));
  refs.push_back(0);
  return refs;
}

Snapshot::Snapshot(std::string_view blob, NativeOpTable ops)
    : blob_(blob), references_(runtime::externalReferences(ops)) {
  startup_data_.data = blob_.data();
  startup_data_.raw_size = static_cast<int>(blob_.size());
}

Result<std::string> buildSnapshot(NativeOpTable ops, const std::vector<RuntimeScript>& scripts) {
  std::vector<intptr_t> refs = externalReferences(ops);
  v8::SnapshotCreator creator(refs.data());
  v8::Isolate* isolate = creator.GetIsolate();
  {
    v8::HandleScope handle_scope(isolate);
    v8::Local<v8::Context> context = v8::Context::New(isolate);
    v8::Context::Scope context_scope(context);
    Result<v8::Local<v8::Object>> internals = bootstrapRuntime(context, ops, scripts);
    if (!internals.ok()) return internals.error();
    size_t index = creator.AddData(context, internals.value());
    EDGED_ASSERT(index == 0);
    creator.SetDefaultContext(context);
  }
  v8::StartupData blob = creator.CreateBlob(v8::SnapshotCreator::FunctionCodeHandling::kKeep);
  if (blob.data == nullptr) return makeError("V8 could not serialize the runtime snapshot");
  std::string out(blob.data, static_cast<size_t>(blob.raw_size));
  delete[] blob.data;  // V8 allocates the blob with new[] and hands ownership to the caller.
  return out;
}

}  // namespace edged::runtime
