#include "edged/config/config_loader.h"

#include <simdjson.h>

#include <algorithm>

#include "environments.h"
#include "parse_jsonc.h"
#include "parsers.h"
#include "read_file.h"

namespace edged::config {
namespace {

using detail::ConfigError;
using detail::Diagnostics;
using detail::Handling;
using detail::Node;
using detail::ObjectNode;

Result<Ok> refuseToml(const std::filesystem::path& file) {
  if (file.extension() != ".toml") return Ok{};
  return Error{file.string() +
               ": TOML configuration is not supported; convert it to wrangler.jsonc (the same "
               "fields, written as JSON with comments)"};
}

void applyField(const detail::SelectedField& field, detail::ParseState& state) {
  const detail::FieldSpec& spec = *field.spec;
  const Node& value = field.value;
  switch (spec.handling) {
    case Handling::kParsed:
      spec.parse(value, state);
      break;
    case Handling::kUnparsed:
      if (spec.shape == 'a' && !value.isArray()) value.fail("an array");
      if (spec.shape == 'o' && !value.isObject()) value.fail("an object");
      break;
    case Handling::kCloudflareOnly:
      value.warn(spec.note.empty() ? "only configures Cloudflare's platform; edged ignores it"
                                   : spec.note);
      break;
    case Handling::kSilent:
      break;
    case Handling::kRejected:
      value.diag().fail("field \"" + value.path() + "\" " + std::string(spec.note));
  }
  if (spec.section && !state.options.served_sections.contains(spec.name)) {
    std::string lost = detail::describeUnservedSection(spec.name, value);
    if (!lost.empty()) {
      value.diag().warn("\"" + std::string(spec.name) +
                        "\" is not served by this build of edged yet; " + lost);
    }
  }
}

void finishName(WorkerConfig& config, const detail::SelectedFields& selection,
                const LoadOptions& options, Diagnostics& diag) {
  // wrangler deploys env.<name> as its own Worker "<name>-<env>" unless the environment names it.
  if (options.environment && !selection.environment_sets_name && !config.name.empty()) {
    config.name += "-" + *options.environment;
    if (!detail::isValidWorkerName(config.name)) {
      diag.fail("the Worker name \"" + config.name + "\" (field \"name\" plus \"-" +
                *options.environment + "\") must be " + std::string(detail::kWorkerNameRule));
    }
  }
  if (config.name.empty() && options.require_name) {
    diag.fail("field \"name\" is required: the Worker's name, " +
              std::string(detail::kWorkerNameRule));
  }
}

void checkMain(const WorkerConfig& config, const LoadOptions& options, Diagnostics& diag) {
  // Cloudflare deploys a Worker with only static assets: no `main` needed then.
  if (config.main.empty() && config.assets && config.assets->directory) return;
  if (config.main.empty()) {
    diag.fail(
        "field \"main\" is required: the path of the Worker's entry module, relative to "
        "this file");
  }
  if (!options.use_filesystem) return;
  std::error_code ec;
  auto status = std::filesystem::status(config.main, ec);
  if (!std::filesystem::exists(status)) {
    diag.fail("field \"main\" names " + config.main.string() + ", which does not exist");
  }
  if (std::filesystem::is_directory(status)) {
    diag.fail("field \"main\" names " + config.main.string() +
              ", which is a directory, not a file");
  }
}

// .dev.vars / .env / EDGED_SECRET_*: a secret replaces the var of the same name, as wrangler dev
// lets .dev.vars override vars.
Result<Ok> addSecrets(LoadedConfig& loaded, const std::filesystem::path& config_dir,
                      const LoadOptions& options, Diagnostics& diag) {
  if (!options.use_filesystem) return Ok{};
  Result<LoadedSecrets> secrets = loadSecrets(config_dir, options.environment, options.process_env);
  if (!secrets) return secrets.error();
  loaded.secrets = std::move(secrets->secrets);
  for (std::string& warning : secrets->warnings) diag.warnings().push_back(std::move(warning));

  auto& vars = loaded.worker.vars;
  auto is_secret = [&](std::string_view name) {
    return std::any_of(loaded.secrets.begin(), loaded.secrets.end(),
                       [&](const Secret& s) { return s.name == name; });
  };
  vars.erase(
      std::remove_if(vars.begin(), vars.end(), [&](const Var& v) { return is_secret(v.name); }),
      vars.end());
  for (const std::string& name : loaded.worker.required_secrets) {
    if (!is_secret(name)) {
      diag.warn("secret \"" + name +
                "\" is listed in \"secrets.required\" but not set (in .dev.vars, " +
                ".env or EDGED_SECRET_" + name + ")");
    }
  }
  return Ok{};
}

Result<LoadedConfig> load(std::string_view text, const std::filesystem::path& file,
                          const LoadOptions& options) {
  const std::string label = file.string();
  if (Result<Ok> toml = refuseToml(file); !toml) return toml.error();
  simdjson::dom::parser parser;
  Result<simdjson::dom::element> json = detail::parseJsonc(text, label, parser);
  if (!json) return json.error();

  Diagnostics diag(label);
  Node root_node(*json, "", diag);
  if (!root_node.isObject()) {
    diag.fail("the configuration must be a JSON object ({ ... }), got " + root_node.json());
  }
  ObjectNode root(root_node, detail::topLevelFieldNames());
  detail::SelectedFields selection = detail::selectFields(root, options.environment, diag);

  LoadedConfig loaded;
  WorkerConfig& config = loaded.worker;
  std::error_code ec;
  config.config_path = std::filesystem::absolute(file, ec).lexically_normal();
  config.environment = options.environment;
  const std::filesystem::path config_dir = config.config_path.parent_path();
  detail::ParseState state{config, config_dir, options};
  for (const detail::SelectedField& field : selection.fields) applyField(field, state);

  finishName(config, selection, options, diag);
  checkMain(config, options, diag);
  if (!config.compatibility_date) {
    diag.warn(
        "field \"compatibility_date\" is not set, so the newest runtime behaviour applies; "
        "set it to the date the Worker was written for");
  }
  ResolvedModuleRules rules = resolveModuleRules(config.rules);
  config.rules = std::move(rules.rules);
  for (const std::string& warning : rules.warnings) diag.warn(warning);
  detail::checkUniqueBindingNames(config, diag);

  if (Result<Ok> added = addSecrets(loaded, config_dir, options, diag); !added) {
    return added.error();
  }
  loaded.warnings = std::move(diag.warnings());
  return loaded;
}

}  // namespace

Result<LoadedConfig> loadConfigFromText(std::string_view text, const std::filesystem::path& file,
                                        const LoadOptions& options) {
  try {
    return load(text, file, options);
  } catch (const ConfigError& error) {
    return Error{error.message};
  }
}

Result<LoadedConfig> loadConfig(const std::filesystem::path& file, const LoadOptions& options) {
  if (Result<Ok> toml = refuseToml(file); !toml) return toml.error();
  Result<std::string> text = detail::readTextFile(file);
  if (!text) return text.error();
  return loadConfigFromText(*text, file, options);
}

}  // namespace edged::config
