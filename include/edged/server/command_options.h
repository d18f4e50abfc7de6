#pragma once
// The option syntax of edged's wrangler-like local-data commands (`edged kv …`, `edged d1 …`):
// `--flag value` or `--flag=value` into a field of the command's arguments, flags wrangler takes
// that mean nothing for local data skipped, `--remote` refused, other words positional.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edged::server {

template <typename Args>
struct ValueOption {
  std::string_view flag;
  std::optional<std::string> Args::*field;
};

// Reads argv[first, argc) into `args`; the error text for the user, or nullopt.
template <typename Args>
std::optional<std::string> parseCommandOptions(int argc, char** argv, int first, Args& args,
                                               std::span<const ValueOption<Args>> options,
                                               std::span<const std::string_view> ignored,
                                               std::vector<std::string>& positional) {
  for (int i = first; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string name(arg);
    std::optional<std::string> inline_value;
    if (size_t eq = name.find('='); arg.starts_with("--") && eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    bool matched = false;
    for (const ValueOption<Args>& option : options) {
      if (name != option.flag) continue;
      matched = true;
      if (!inline_value) {
        if (i + 1 >= argc) return name + " needs a value";
        inline_value = argv[++i];
      }
      args.*(option.field) = *inline_value;
    }
    if (matched) continue;
    bool skip = false;
    for (std::string_view flag : ignored) skip = skip || arg == flag;
    if (skip) continue;
    if (arg == "--remote") return std::string("--remote: edged only has local data");
    if (arg.starts_with("-") && arg.size() > 1) return "unknown option " + std::string(arg);
    positional.emplace_back(arg);
  }
  return std::nullopt;
}

}  // namespace edged::server
