#include "edged/runtime/module_registry.h"

#include <v8-container.h>
#include <v8-exception.h>
#include <v8-function.h>
#include <v8-json.h>
#include <v8-promise.h>
#include <v8-wasm.h>

#include "edged/runtime/js_values.h"
#include "edged/runtime/node_builtins.h"

namespace edged::runtime {
namespace {

ModuleRegistry& registryOf(v8::Local<v8::Context> context) {
  return Realm::from(context->GetIsolate())->state<ModuleRegistry>();
}

void throwNoSuchModule(v8::Isolate* isolate, const std::string& specifier,
                       const std::string& referrer) {
  // workerd: Error: No such module "x".\n  imported from "y"
  std::string message = "No such module \"" + specifier + "\".";
  if (!referrer.empty()) message += "\n  imported from \"" + referrer + "\"";
  isolate->ThrowException(v8::Exception::Error(newString(isolate, message)));
}

// A JSON or wasm module that does not parse has no script position of its own: the error
// names the module so the user knows which file is broken. Thrown outside the TryCatch that
// caught the original, so it is pending when the caller returns empty.
v8::MaybeLocal<v8::Module> throwNamingModule(v8::Isolate* isolate, const std::string& name,
                                             const std::string& error) {
  isolate->ThrowException(v8::Exception::SyntaxError(newString(isolate, name + ": " + error)));
  return {};
}

}  // namespace

std::string ModuleRegistry::resolveName(const std::string& referrer, const std::string& specifier) {
  bool relative = specifier.starts_with("./") || specifier.starts_with("../") ||
                  specifier.starts_with("/");
  if (!relative) return specifier;
  std::vector<std::string> parts;
  if (!specifier.starts_with("/")) {
    size_t start = 0;
    for (size_t slash; (slash = referrer.find('/', start)) != std::string::npos; start = slash + 1) {
      parts.push_back(referrer.substr(start, slash - start));
    }
  }
  size_t start = 0;
  while (start <= specifier.size()) {
    size_t slash = specifier.find('/', start);
    if (slash == std::string::npos) slash = specifier.size();
    std::string part = specifier.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

ModuleRegistry::Entry* ModuleRegistry::findByName(const std::string& name) {
  for (auto& entry : entries_) {
    if (entry->name == name) return entry.get();
  }
  return nullptr;
}

ModuleRegistry::Entry* ModuleRegistry::findByModule(v8::Local<v8::Module> module) {
  for (auto& entry : entries_) {
    if (entry->module == module) return entry.get();
  }
  return nullptr;
}

v8::MaybeLocal<v8::Module> ModuleRegistry::compile(v8::Local<v8::Context> context,
                                                   const BundleModule& module) {
  v8::Isolate* isolate = context->GetIsolate();
  switch (module.type) {
    case ModuleType::kEsModule: {
      v8::ScriptOrigin origin(isolate, newString(isolate, module.name), 0, 0, false, -1, {},
                              false, false, true);
      v8::ScriptCompiler::Source source(newString(isolate, module.content), origin);
      v8::Local<v8::Module> compiled;
      if (!v8::ScriptCompiler::CompileModule(isolate, &source).ToLocal(&compiled)) return {};
      auto entry = std::make_unique<Entry>();
      entry->name = module.name;
      entry->module.Reset(isolate, compiled);
      entries_.push_back(std::move(entry));
      return compiled;
    }
    case ModuleType::kText:
      return makeSynthetic(context, module.name, newString(isolate, module.content), false);
    case ModuleType::kData: {
      v8::Local<v8::Uint8Array> bytes = newUint8Array(
          isolate, {reinterpret_cast<const uint8_t*>(module.content.data()), module.content.size()});
      return makeSynthetic(context, module.name, bytes->Buffer(), false);
    }
    case ModuleType::kJson: {
      v8::Local<v8::Value> value;
      std::string error;
      {
        v8::TryCatch try_catch(isolate);
        if (!v8::JSON::Parse(context, newString(isolate, module.content)).ToLocal(&value)) {
          if (!try_catch.CanContinue()) return {};
          error = describeException(isolate, try_catch.Exception());
        }
      }
      if (!error.empty()) return throwNamingModule(isolate, module.name, error);
      return makeSynthetic(context, module.name, value, false);
    }
    case ModuleType::kCompiledWasm: {
      v8::Local<v8::WasmModuleObject> wasm;
      std::string error;
      {
        v8::TryCatch try_catch(isolate);
        if (!v8::WasmModuleObject::Compile(
                 isolate, {reinterpret_cast<const uint8_t*>(module.content.data()),
                           module.content.size()})
                 .ToLocal(&wasm)) {
          if (!try_catch.CanContinue()) return {};
          error = describeException(isolate, try_catch.Exception());
        }
      }
      if (!error.empty()) return throwNamingModule(isolate, module.name, error);
      return makeSynthetic(context, module.name, wasm, false);
    }
  }
  return {};
}

v8::MaybeLocal<v8::Module> ModuleRegistry::makeSynthetic(v8::Local<v8::Context> context,
                                                         const std::string& name,
                                                         v8::Local<v8::Value> value,
                                                         bool builtin) {
  v8::Isolate* isolate = context->GetIsolate();
  std::vector<v8::Local<v8::String>> exports;
  if (builtin) {
    v8::Local<v8::Array> keys;
    if (!value.As<v8::Object>()->GetOwnPropertyNames(context).ToLocal(&keys)) return {};
    for (uint32_t i = 0; i < keys->Length(); ++i) {
      v8::Local<v8::Value> key;
      if (!keys->Get(context, i).ToLocal(&key)) return {};
      exports.push_back(key.As<v8::String>());
    }
  } else {
    exports.push_back(newString(isolate, "default"));
  }
  v8::Local<v8::Module> module = v8::Module::CreateSyntheticModule(
      isolate, newString(isolate, name), exports, &ModuleRegistry::evaluateSynthetic);
  auto entry = std::make_unique<Entry>();
  entry->name = name;
  entry->module.Reset(isolate, module);
  entry->synthetic_value.Reset(isolate, value);
  entry->builtin = builtin;
  entries_.push_back(std::move(entry));
  return module;
}

v8::MaybeLocal<v8::Value> ModuleRegistry::evaluateSynthetic(v8::Local<v8::Context> context,
                                                            v8::Local<v8::Module> module) {
  v8::Isolate* isolate = context->GetIsolate();
  Entry* entry = registryOf(context).findByModule(module);
  if (entry == nullptr) return {};
  v8::Local<v8::Value> value = entry->synthetic_value.Get(isolate);
  if (!entry->builtin) {
    if (module->SetSyntheticModuleExport(isolate, newString(isolate, "default"), value)
            .IsNothing()) {
      return {};
    }
  } else {
    auto object = value.As<v8::Object>();
    v8::Local<v8::Array> keys;
    if (!object->GetOwnPropertyNames(context).ToLocal(&keys)) return {};
    for (uint32_t i = 0; i < keys->Length(); ++i) {
      v8::Local<v8::Value> key, exported;
      if (!keys->Get(context, i).ToLocal(&key) || !object->Get(context, key).ToLocal(&exported) ||
          module->SetSyntheticModuleExport(isolate, key.As<v8::String>(), exported).IsNothing()) {
        return {};
      }
    }
  }
  // Synthetic module evaluation returns a resolved promise under top-level await semantics.
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return {};
  resolver->Resolve(context, v8::Undefined(isolate)).Check();
  return resolver->GetPromise();
}

v8::MaybeLocal<v8::Module> ModuleRegistry::load(v8::Local<v8::Context> context,
                                                const std::string& name,
                                                const std::string& referrer) {
  v8::Isolate* isolate = context->GetIsolate();
  if (Entry* entry = findByName(name)) return entry->module.Get(isolate);
  if (const BundleModule* module = bundle_->find(name)) return compile(context, *module);

  // Built-in modules are namespace objects the runtime JS published in internals. `node:*`
  // exists only under nodejs_compat; without it the import fails as on Workers.
  const CompatibilityFlags& compat = bundle_->compatibility;
  if (name.starts_with("node:") && !compat.enabled(CompatFlag::kNodejsCompat)) {
    throwNoSuchModule(isolate, name, referrer);
    return {};
  }
  v8::Local<v8::Value> value;
  if (builtinNamespace(context, name).ToLocal(&value)) {
    return makeSynthetic(context, name, value, true);
  }
  // nodejs_compat_v2: `import "buffer"` is `import "node:buffer"` (one module for both names).
  if (compat.enabled(CompatFlag::kNodejsCompatV2) && name.find(':') == std::string::npos) {
    std::string prefixed = "node:" + name;
    if (Entry* entry = findByName(prefixed)) return entry->module.Get(isolate);
    if (builtinNamespace(context, prefixed).ToLocal(&value)) {
      return makeSynthetic(context, prefixed, value, true);
    }
    // workerd names the module it looked for: `import "fs"` → No such module "node:fs".
    if (isNodeBuiltinModule(name)) {
      throwNoSuchModule(isolate, prefixed, referrer);
      return {};
    }
  }
  throwNoSuchModule(isolate, name, referrer);
  return {};
}

v8::MaybeLocal<v8::Value> ModuleRegistry::builtinNamespace(v8::Local<v8::Context> context,
                                                           const std::string& name) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Value> builtins, value;
  if (getProperty(context, Realm::from(isolate)->internals(), "builtinModules")
          .ToLocal(&builtins) &&
      builtins->IsObject() &&
      builtins.As<v8::Object>()->Get(context, newString(isolate, name)).ToLocal(&value) &&
      value->IsObject()) {
    return value;
  }
  return {};
}

v8::MaybeLocal<v8::Module> ModuleRegistry::resolve(v8::Local<v8::Context> context,
                                                   v8::Local<v8::String> specifier,
                                                   v8::Local<v8::FixedArray> assertions,
                                                   v8::Local<v8::Module> referrer) {
  v8::Isolate* isolate = context->GetIsolate();
  ModuleRegistry& registry = registryOf(context);
  Entry* from = registry.findByModule(referrer);
  std::string referrer_name = from ? from->name : std::string();
  std::string name = resolveName(referrer_name, toUtf8(isolate, specifier));
  // A compile error inside this callback is caught by the API call that raised it; V8 expects
  // it pending when the callback returns empty, so catch it here and rethrow it.
  v8::TryCatch try_catch(isolate);
  v8::MaybeLocal<v8::Module> module = registry.load(context, name, referrer_name);
  if (module.IsEmpty() && try_catch.HasCaught() && try_catch.CanContinue()) try_catch.ReThrow();
  return module;
}

Result<v8::Local<v8::Object>> ModuleRegistry::evaluateMain(v8::Local<v8::Context> context) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::EscapableHandleScope scope(isolate);
  v8::TryCatch try_catch(isolate);
  auto describe = [&](v8::Local<v8::Value> exception, v8::Local<v8::Message> message) {
    std::string text = describeException(isolate, exception);
    if (!message.IsEmpty() && text.find('\n') == std::string::npos) {
      // Syntax errors carry no stack: name the module and line instead.
      text = toUtf8(isolate, message->GetScriptResourceName()) + ":" +
             std::to_string(message->GetLineNumber(context).FromMaybe(0)) + ": " + text;
    }
    return makeError(text);
  };
  auto fail = [&]() -> Result<v8::Local<v8::Object>> {
    if (!try_catch.HasCaught()) return makeError("module evaluation was terminated");
    return describe(try_catch.Exception(), try_catch.Message());
  };
  v8::Local<v8::Module> main;
  if (!load(context, bundle_->main_module, "").ToLocal(&main)) return fail();
  if (!main->InstantiateModule(context, &ModuleRegistry::resolve).FromMaybe(false)) return fail();
  v8::Local<v8::Value> result;
  if (!main->Evaluate(context).ToLocal(&result)) return fail();
  // Top-level await: run microtasks until the evaluation promise settles.
  if (result->IsPromise()) {
    auto promise = result.As<v8::Promise>();
    isolate->PerformMicrotaskCheckpoint();
    if (promise->State() == v8::Promise::kRejected) {
      // V8 reports evaluation errors as this rejection: describe the error itself (with its
      // stack) and mark it handled so it is not logged again as an unhandled rejection.
      promise->MarkAsHandled();
      v8::Local<v8::Value> error = promise->Result();
      return describe(error, v8::Exception::CreateMessage(isolate, error));
    }
    if (promise->State() == v8::Promise::kPending) {
      return makeError("the main module's top-level await did not settle during start-up");
    }
  }
  return scope.Escape(main->GetModuleNamespace().As<v8::Object>());
}

v8::MaybeLocal<v8::Promise> ModuleRegistry::importDynamically(
    v8::Local<v8::Context> context, v8::Local<v8::Data> host_options,
    v8::Local<v8::Value> resource_name, v8::Local<v8::String> specifier,
    v8::Local<v8::FixedArray> assertions) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::EscapableHandleScope scope(isolate);
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return {};
  ModuleRegistry& registry = registryOf(context);
  std::string referrer = toUtf8(isolate, resource_name);
  std::string name = resolveName(referrer, toUtf8(isolate, specifier));
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Module> module;
  v8::Local<v8::Value> evaluated;
  if (registry.load(context, name, referrer).ToLocal(&module) &&
      module->InstantiateModule(context, &ModuleRegistry::resolve).FromMaybe(false) &&
      module->Evaluate(context).ToLocal(&evaluated)) {
    v8::Local<v8::Value> ns = module->GetModuleNamespace();
    if (evaluated->IsPromise()) {
      // Resolve with the namespace once evaluation (top-level await) finishes.
      v8::Local<v8::Function> then;
      auto on_done = [](const v8::FunctionCallbackInfo<v8::Value>& info) {
        info.GetReturnValue().Set(info.Data());
      };
      v8::Local<v8::Promise> chained;
      if (v8::Function::New(context, on_done, ns).ToLocal(&then) &&
          evaluated.As<v8::Promise>()->Then(context, then).ToLocal(&chained)) {
        resolver->Resolve(context, chained).Check();
        return scope.Escape(resolver->GetPromise());
      }
    } else {
      resolver->Resolve(context, ns).Check();
      return scope.Escape(resolver->GetPromise());
    }
  }
  if (try_catch.HasCaught() && try_catch.CanContinue()) {
    resolver->Reject(context, try_catch.Exception()).Check();
    try_catch.Reset();
  }
  return scope.Escape(resolver->GetPromise());
}

}  // namespace edged::runtime
