#pragma once
// A Worker's local secrets: `.dev.vars` / `.env` files beside wrangler.jsonc, as `wrangler dev`
// reads them, plus `EDGED_SECRET_<NAME>` variables of edged's own process environment.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edged/util/result.h"

namespace edged::config {

struct DotenvEntry {
  std::string name;
  std::string value;
};

struct ParsedDotenv {
  std::vector<DotenvEntry> entries;  // file order; a repeated name keeps its last value
  std::vector<std::string> warnings;
};

// Parses dotenv text as the `dotenv` npm package (which wrangler uses) does:
//   KEY=value            unquoted: up to a `#`, trimmed
//   export KEY=value     `export ` is ignored; `KEY: value` works too
//   KEY="a\nb"           double quotes: `\n` and `\r` become line breaks, nothing else is
//                        unescaped; the value may span lines
//   KEY='a\nb'           single quotes (and backticks): literal, may span lines
//   # comment            whole-line or after a value
// A line that is not an assignment is skipped with a warning ("<file>:<line>: ..."); an
// unterminated quote is an error.
Result<ParsedDotenv> parseDotenv(std::string_view text, std::string_view file);

struct Secret {
  std::string name;
  std::string value;
  std::string source;  // the file it came from, or the environment variable's name
};

struct LoadedSecrets {
  std::vector<Secret> secrets;
  std::vector<std::string> warnings;
};

using EnvironmentVariables = std::vector<std::pair<std::string, std::string>>;

// The variables of this process (`environ`), for LoadOptions::process_env.
EnvironmentVariables processEnvironment();

// The secrets of the Worker whose config lives in `config_dir`, the way wrangler 4 finds them:
//  1. `.dev.vars.<environment>` if an environment is selected and that file exists, else
//     `.dev.vars`;
//  2. only when neither exists: `.env`, `.env.local`, and with an environment `.env.<env>`,
//     `.env.<env>.local`, each if present, later files overriding earlier ones;
//  3. then every `EDGED_SECRET_<NAME>=value` in `process_env` sets secret NAME, overriding the
//     files — the way to pass secrets to a server started by systemd.
Result<LoadedSecrets> loadSecrets(const std::filesystem::path& config_dir,
                                  const std::optional<std::string>& environment,
                                  const EnvironmentVariables& process_env);

}  // namespace edged::config
