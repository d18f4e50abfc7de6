#pragma once
// Compiles and links a Worker bundle's modules inside one realm: ES modules from source,
// Text/Data/JSON/CompiledWasm modules and built-ins (`cloudflare:workers`, `node:*`) as
// synthetic modules. Specifiers resolve the way workerd resolves uploaded bundles: relative
// paths against the importing module's name, anything else by exact module name.

#include <v8-script.h>

#include <memory>
#include <string>
#include <vector>

#include "edged/runtime/realm.h"
#include "edged/runtime/worker_bundle.h"
#include "edged/util/result.h"

namespace edged::runtime {

class ModuleRegistry : public RealmState {
 public:
  void setBundle(std::shared_ptr<const WorkerBundle> bundle) { bundle_ = std::move(bundle); }
  const CompatibilityFlags& compatibility() const { return bundle_->compatibility; }
  // The Worker's modules (node:fs shows them under /bundle); null before setBundle.
  const WorkerBundle* bundle() const { return bundle_.get(); }
  const SourceMaps* sourceMaps() const { return bundle_ ? bundle_->source_maps.get() : nullptr; }

  // Compiles, links and evaluates the bundle's main module; returns its namespace object.
  // An error names the module and line (a SyntaxError) or carries the evaluation error.
  Result<v8::Local<v8::Object>> evaluateMain(v8::Local<v8::Context> context);

  // `import()` from Worker code.
  static v8::MaybeLocal<v8::Promise> importDynamically(v8::Local<v8::Context> context,
                                                       v8::Local<v8::Data> host_options,
                                                       v8::Local<v8::Value> resource_name,
                                                       v8::Local<v8::String> specifier,
                                                       v8::Local<v8::FixedArray> assertions);

  // "./b.js" imported from "lib/a.js" → "lib/b.js"; bare names stay as they are.
  static std::string resolveName(const std::string& referrer, const std::string& specifier);

 private:
  struct Entry {
    std::string name;
    v8::Global<v8::Module> module;
    v8::Global<v8::Value> synthetic_value;  // default export (or namespace of a built-in)
    bool builtin = false;
  };

  v8::MaybeLocal<v8::Module> load(v8::Local<v8::Context> context, const std::string& name,
                                  const std::string& referrer);
  v8::MaybeLocal<v8::Module> compile(v8::Local<v8::Context> context, const BundleModule& module);
  v8::MaybeLocal<v8::Module> makeSynthetic(v8::Local<v8::Context> context,
                                           const std::string& name, v8::Local<v8::Value> value,
                                           bool builtin);
  // The namespace object runtime-js published as internals.builtinModules[name], if any.
  static v8::MaybeLocal<v8::Value> builtinNamespace(v8::Local<v8::Context> context,
                                                    const std::string& name);
  Entry* findByModule(v8::Local<v8::Module> module);
  Entry* findByName(const std::string& name);

  static v8::MaybeLocal<v8::Module> resolve(v8::Local<v8::Context> context,
                                            v8::Local<v8::String> specifier,
                                            v8::Local<v8::FixedArray> assertions,
                                            v8::Local<v8::Module> referrer);
  static v8::MaybeLocal<v8::Value> evaluateSynthetic(v8::Local<v8::Context> context,
                                                     v8::Local<v8::Module> module);

  std::shared_ptr<const WorkerBundle> bundle_;
  std::vector<std::unique_ptr<Entry>> entries_;
};

}  // namespace edged::runtime
