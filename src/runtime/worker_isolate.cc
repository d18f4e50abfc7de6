#include "edged/runtime/worker_isolate.h"

#include <v8-context.h>
#include <v8-function.h>
#include <v8-json.h>
#include <v8-microtask-queue.h>

#include "edged/runtime/js_values.h"
#include "edged/runtime/module_registry.h"
#include "edged/runtime/stack_trace.h"
#include "edged/util/assert.h"

namespace edged::runtime {

Result<std::unique_ptr<WorkerIsolate>> WorkerIsolate::createBlank(const Snapshot& snapshot,
                                                                  uv_loop_t* loop,
                                                                  size_t heap_limit_bytes) {
  std::unique_ptr<WorkerIsolate> self(new WorkerIsolate());
  self->heap_limit_bytes_ = heap_limit_bytes;
  self->allocator_.reset(v8::ArrayBuffer::Allocator::NewDefaultAllocator());
  v8::Isolate::CreateParams params;
  params.snapshot_blob = snapshot.startupData();
  params.external_references = snapshot.externalReferences();
  params.array_buffer_allocator = self->allocator_.get();
  params.constraints.ConfigureDefaultsFromHeapSize(0, heap_limit_bytes);
  self->isolate_ = v8::Isolate::New(params);
  v8::Isolate* isolate = self->isolate_;
  isolate->SetMicrotasksPolicy(v8::MicrotasksPolicy::kExplicit);
  isolate->AddNearHeapLimitCallback(&WorkerIsolate::onNearHeapLimit, self.get());
  isolate->SetHostImportModuleDynamicallyCallback(&ModuleRegistry::importDynamically);
  isolate->SetPrepareStackTraceCallback(&prepareStackTrace);
  {
    v8::Isolate::Scope isolate_scope(isolate);
    v8::HandleScope handle_scope(isolate);
    v8::Local<v8::Context> context = v8::Context::New(isolate);
    // Like workerd: no eval() or new Function() from Worker code.
    context->AllowCodeGenerationFromStrings(false);
    v8::Local<v8::Object> internals;
    if (!context->GetDataFromSnapshotOnce<v8::Object>(0).ToLocal(&internals)) {
      return makeError("the runtime snapshot has no internals object");
    }
    self->realm_ = std::make_unique<Realm>(isolate, context, internals, loop, RealmOptions{});
  }
  return self;
}

Status WorkerIsolate::load(std::shared_ptr<const WorkerBundle> bundle, RealmOptions options,
                           const std::string& env_json) {
  EDGED_ASSERT(!loaded_);
  loaded_ = true;
  realm_->setOptions(std::move(options));
  return start(std::move(bundle), env_json);
}

Result<std::unique_ptr<WorkerIsolate>> WorkerIsolate::create(
    const Snapshot& snapshot, std::shared_ptr<const WorkerBundle> bundle, uv_loop_t* loop,
    WorkerIsolateOptions options) {
  auto blank = createBlank(snapshot, loop, options.heap_limit_bytes);
  if (!blank.ok()) return blank.error();
  std::unique_ptr<WorkerIsolate> self = std::move(blank).value();
  Status loaded = self->load(std::move(bundle), std::move(options.realm), options.env_json);
  if (!loaded.ok()) return loaded.error();
  return self;
}

Status WorkerIsolate::start(std::shared_ptr<const WorkerBundle> bundle,
                            const std::string& env_json) {
  ModuleRegistry& registry = realm_->state<ModuleRegistry>();
  registry.setBundle(std::move(bundle));
  Status status = Ok{};
  // Start-up runs under the same CPU limit as a request (Cloudflare limits startup time too).
  // `env` is set before the main module runs: `import { env } from "cloudflare:workers"`
  // reads it during module evaluation.
  realm_->enter([&](v8::Local<v8::Context> context) {
    v8::Isolate* isolate = context->GetIsolate();
    v8::TryCatch try_catch(isolate);
    auto call = [&](const char* name, v8::Local<v8::Value> arg) {
      v8::Local<v8::Value> fn;
      if (!getProperty(context, realm_->internals(), name).ToLocal(&fn) || !fn->IsFunction()) {
        return false;
      }
      return !fn.As<v8::Function>()->Call(context, realm_->internals(), 1, &arg).IsEmpty();
    };
    auto failed = [&](const char* what) {
      status = try_catch.HasCaught()
                   ? makeError(describeException(isolate, try_catch.Exception()))
                   : makeError(what);
    };
    // The compatibility flags as internals.compatibility, before setEnv: runtime-js reads them
    // there to decide globals (Buffer, process) and process.env.
    v8::Local<v8::Value> flags;
    if (!v8::JSON::Parse(context, newString(isolate, registry.compatibility().toJson()))
             .ToLocal(&flags) ||
        realm_->internals()->Set(context, newString(isolate, "compatibility"), flags).IsNothing()) {
      return failed("the runtime could not apply the compatibility flags");
    }
    v8::Local<v8::Value> env;
    if (!v8::JSON::Parse(context, newString(isolate, env_json)).ToLocal(&env) ||
        !call("setEnv", env)) {
      return failed("the runtime could not set up env");
    }
    Result<v8::Local<v8::Object>> ns = registry.evaluateMain(context);
    if (!ns.ok()) {
      status = ns.error();
      return;
    }
    if (!call("setupWorker", ns.value())) failed("the runtime could not set up the Worker");
  });
  if (realm_->broken() != Realm::Broken::kNo) {
    return makeError(realm_->broken() == Realm::Broken::kCpuLimit
                         ? "the Worker exceeded its CPU time limit during start-up"
                         : "the Worker exceeded its memory limit during start-up");
  }
  return status;
}

// V8 is about to run out of heap: stop the JavaScript, give V8 room to unwind, and mark the
// isolate for disposal (DESIGN.md: an isolate that breaks a limit is discarded).
size_t WorkerIsolate::onNearHeapLimit(void* data, size_t current_limit, size_t initial_limit) {
  auto* self = static_cast<WorkerIsolate*>(data);
  self->realm_->markHeapLimitBroken();
  self->isolate_->TerminateExecution();
  return current_limit + (32u << 20);
}

WorkerIsolate::~WorkerIsolate() {
  if (isolate_ == nullptr) return;
  {
    v8::Isolate::Scope isolate_scope(isolate_);
    realm_.reset();
  }
  isolate_->Dispose();
}

}  // namespace edged::runtime
