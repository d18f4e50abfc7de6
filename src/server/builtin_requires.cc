#include "edged/server/builtin_requires.h"

#include <simdjson.h>

#include <algorithm>
#include <string_view>

#include "edged/runtime/node_builtins.h"
#include "edged/util/json_escape.h"

namespace edged::server {

Result<std::vector<std::string>> builtinRequireCalls(const std::filesystem::path& metafile) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.load(metafile.string()).get(root) != simdjson::SUCCESS) {
    return makeError("cannot read esbuild's metafile " + metafile.string());
  }
  simdjson::dom::object inputs;
  if (root["inputs"].get(inputs) != simdjson::SUCCESS) {
    return makeError("esbuild's metafile " + metafile.string() + " has no \"inputs\" object");
  }
  std::vector<std::string> modules;
  for (auto [file, input] : inputs) {
    simdjson::dom::array imports;
    if (input["imports"].get(imports) != simdjson::SUCCESS) continue;
    for (simdjson::dom::element import : imports) {
      std::string_view path, kind;
      bool external = false;
      if (import["path"].get(path) != simdjson::SUCCESS ||
          import["kind"].get(kind) != simdjson::SUCCESS || kind != "require-call" ||
          import["external"].get(external) != simdjson::SUCCESS || !external) {
        continue;
      }
      std::string_view bare = path.starts_with("node:") ? path.substr(5) : path;
      if (runtime::isNodeBuiltinModule(bare)) modules.emplace_back(path);
    }
  }
  std::sort(modules.begin(), modules.end());
  modules.erase(std::unique(modules.begin(), modules.end()), modules.end());
  return modules;
}

std::string builtinRequireBanner(const std::vector<std::string>& modules) {
  std::string names;
  for (const std::string& name : modules) {
    if (!names.empty()) names += ", ";
    names += jsonQuote(name);
  }
  // Dynamic import settles during start-up for built-ins, and keeps a missing module's error
  // for the require() that asks for it.
  return "const require = await (async (names) => {\n"
         "  const loaded = new Map();\n"
         "  for (const name of names) {\n"
         "    loaded.set(name, await import(name).then((m) => ({ value: m.default }), (error) => ({ error })));\n"
         "  }\n"
         "  return (name) => {\n"
         "    const module = loaded.get(name);\n"
         "    if (module === undefined) throw new Error(`Dynamic require of \"${name}\" is not supported`);\n"
         "    if (module.error) throw module.error;\n"
         "    return module.value;\n"
         "  };\n"
         "})([" + names + "]);\n";
}

}  // namespace edged::server
