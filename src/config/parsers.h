#pragma once
// The field parsers the table in fields.cc points to: parse_worker.cc reads the Worker's own
// settings, parse_bindings.cc its bindings. Each reads one wrangler field into ParseState::config
// and fails through Node/ObjectNode with a message naming the field.

#include <optional>
#include <string>
#include <string_view>

#include "fields.h"

namespace edged::config::detail {

// A path field resolved against the config file's directory (wrangler resolves them so too).
std::filesystem::path resolvePath(const Node& value, const ParseState& state);

// ---- parse_worker.cc ----
void parseName(const Node& value, ParseState& state);
void parseMain(const Node& value, ParseState& state);
void parseCompatibilityDate(const Node& value, ParseState& state);
void parseCompatibilityFlags(const Node& value, ParseState& state);
void parseVars(const Node& value, ParseState& state);
void parseSecrets(const Node& value, ParseState& state);
void parseLimits(const Node& value, ParseState& state);
void parseObservability(const Node& value, ParseState& state);
void parseRules(const Node& value, ParseState& state);
void parseBaseDir(const Node& value, ParseState& state);
void parseTsconfig(const Node& value, ParseState& state);
void parseDefine(const Node& value, ParseState& state);
void parseAlias(const Node& value, ParseState& state);
void parseBuild(const Node& value, ParseState& state);
void parseDev(const Node& value, ParseState& state);
void parseRoute(const Node& value, ParseState& state);
void parseRoutes(const Node& value, ParseState& state);
void parsePlacement(const Node& value, ParseState& state);

// A boolean or string field stored as is.
template <std::optional<bool> WorkerConfig::*field>
void parseBool(const Node& value, ParseState& state) {
  state.config.*field = value.boolean();
}
template <std::optional<std::string> WorkerConfig::*field>
void parseString(const Node& value, ParseState& state) {
  state.config.*field = value.string();
}

// Cloudflare's rule for Worker (script) names, as its API schema and wrangler check it:
// `^[a-z0-9_][a-z0-9_-]*$`; at most 63 characters, the length of a DNS label, since the name
// becomes part of a hostname.
bool isValidWorkerName(std::string_view name);
inline constexpr std::string_view kWorkerNameRule =
    "lowercase letters, digits, \"-\" and \"_\" (not starting with \"-\"), at most 63 characters";

// ---- parse_bindings.cc ----
void parseKvNamespaces(const Node& value, ParseState& state);
void parseDurableObjects(const Node& value, ParseState& state);
void parseMigrations(const Node& value, ParseState& state);
void parseD1Databases(const Node& value, ParseState& state);
void parseR2Buckets(const Node& value, ParseState& state);
void parseQueues(const Node& value, ParseState& state);
void parseWorkflows(const Node& value, ParseState& state);
void parseAnalyticsEngineDatasets(const Node& value, ParseState& state);
void parseBrowser(const Node& value, ParseState& state);
void parseHyperdrive(const Node& value, ParseState& state);
void parseAssets(const Node& value, ParseState& state);
void parseServices(const Node& value, ParseState& state);
void parseTriggers(const Node& value, ParseState& state);

// "the binding KV will be missing from env", "its cron triggers will not run"... — what a Worker
// loses when `section` is not served; empty when the section is empty.
std::string describeUnservedSection(std::string_view section, const Node& value);

// Fails if two bindings (vars included) would claim the same env property.
void checkUniqueBindingNames(const WorkerConfig& config, Diagnostics& diag);

}  // namespace edged::config::detail
