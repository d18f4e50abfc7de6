#pragma once
// Node.js's built-in module names without the `node:` prefix (module.builtinModules of Node 20,
// minus internal `_` names). Under nodejs_compat the bundler leaves them external, as wrangler
// does, and a plain Worker importing `buffer` needs no bundling: the runtime resolves them
// (runtime/module_registry) or fails with Workers' "No such module" for those it lacks.

#include <span>
#include <string_view>

namespace edged::runtime {

std::span<const std::string_view> nodeBuiltinModules();
bool isNodeBuiltinModule(std::string_view name);

}  // namespace edged::runtime
