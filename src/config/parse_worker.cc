// Parsers for the Worker's own settings (everything but bindings), one per wrangler field.

#include <cctype>
#include <chrono>
#include <cstdio>

#include "parsers.h"

namespace edged::config::detail {
namespace {

constexpr int64_t kMaxCpuMs = 300'000;  // Cloudflare's ceiling: five minutes of CPU time
constexpr int64_t kMaxSubrequests = 10'000'000;  // wrangler's ceiling for limits.subrequests

std::string formatDate(std::chrono::year_month_day date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

// Today somewhere on Earth: the date at UTC+14, so that a date that is already today for the
// user writing the file is never "in the future" here.
std::chrono::year_month_day todayAnywhere() {
  return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(
      std::chrono::system_clock::now() + std::chrono::hours(14)));
}

double samplingRate(const Node& value) {
  double rate = value.number();
  if (!(rate >= 0.0 && rate <= 1.0)) value.fail("a number from 0 to 1");
  return rate;
}

int64_t positiveInteger(const Node& value) {
  std::optional<int64_t> n = value.tryInteger();
  if (!n || *n <= 0) value.fail("a positive integer");
  return *n;
}

std::vector<Replacement> replacements(const Node& value) {
  std::vector<Replacement> out;
  ObjectNode object = ObjectNode::anyKeys(value);
  for (const auto& [from, to] : object.fields()) {
    out.push_back({from, to.string()});
  }
  return out;
}

Route parseOneRoute(const Node& value) {
  if (value.isString()) {
    Route plain;
    plain.pattern = value.string();
    return plain;
  }
  if (!value.isObject()) value.fail("a route pattern string or an object with \"pattern\"");
  ObjectNode route(
      value, {"pattern", "zone_id", "zone_name", "custom_domain", "enabled", "previews_enabled"});
  Route out{route.requiredString("pattern"), route.optionalString("zone_id"),
            route.optionalString("zone_name"), route.optionalBool("custom_domain")};
  if (out.zone_id && out.zone_name) {
    value.fail("an object with either \"zone_id\" or \"zone_name\", not both");
  }
  route.optionalBool("enabled");
  route.optionalBool("previews_enabled");
  return out;
}

// Fields wrangler accepts in an object that only matter on Cloudflare: type-checked, then
// reported as ignored.
void ignoreCloudflareOnly(const ObjectNode& object, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    if (auto value = object.get(key)) value->warn("only affects Cloudflare's dashboard; ignored");
  }
}

}  // namespace

std::filesystem::path resolvePath(const Node& value, const ParseState& state) {
  std::string path = value.string();
  if (path.empty()) value.fail("a non-empty path");
  std::filesystem::path resolved = (state.config_dir / path).lexically_normal();
  // "public/" and "." name directories; keep no trailing separator so paths compare equal.
  if (!resolved.has_filename() && resolved != resolved.root_path())
    resolved = resolved.parent_path();
  return resolved;
}

bool isValidWorkerName(std::string_view name) {
  if (name.empty() || name.size() > 63 || name.front() == '-') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

void parseName(const Node& value, ParseState& state) {
  std::string name = value.string();
  // wrangler treats "" as "no name"; whether one is required is decided after environments.
  if (!name.empty() && !isValidWorkerName(name)) value.fail(kWorkerNameRule);
  state.config.name = std::move(name);
}

void parseMain(const Node& value, ParseState& state) {
  state.config.main = resolvePath(value, state);
}

void parseCompatibilityDate(const Node& value, ParseState& state) {
  const std::string text = value.string();
  bool shaped = text.size() == 10;
  for (size_t i = 0; shaped && i < text.size(); ++i) {
    shaped =
        (i == 4 || i == 7) ? text[i] == '-' : std::isdigit(static_cast<unsigned char>(text[i]));
  }
  if (!shaped) value.fail("a date written YYYY-MM-DD");
  const int year = std::stoi(text.substr(0, 4));
  const unsigned month = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  const unsigned day = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(day)};
  if (!date.ok()) value.fail("a real calendar date");
  const std::chrono::year_month_day today = state.options.today.value_or(todayAnywhere());
  if (std::chrono::sys_days(date) > std::chrono::sys_days(today)) {
    value.fail("a date no later than today (" + formatDate(today) + ")");
  }
  state.config.compatibility_date = text;
}

void parseCompatibilityFlags(const Node& value, ParseState& state) {
  state.config.compatibility_flags = value.stringArray();
}

void parseVars(const Node& value, ParseState& state) {
  ObjectNode vars = ObjectNode::anyKeys(value);
  for (const auto& [name, var] : vars.fields()) {
    state.config.vars.push_back(
        Var{name, var.isString(), var.isString() ? var.string() : var.json()});
  }
}

void parseSecrets(const Node& value, ParseState& state) {
  state.config.required_secrets = ObjectNode(value, {"required"}).stringArray("required");
}

void parseLimits(const Node& value, ParseState& state) {
  ObjectNode limits(value, {"cpu_ms", "subrequests"});
  if (auto cpu = limits.get("cpu_ms")) {
    int64_t ms = positiveInteger(*cpu);
    if (ms > kMaxCpuMs) cpu->fail("at most 300000 (five minutes)");
    state.config.limits.cpu_ms = ms;
  }
  if (auto subrequests = limits.get("subrequests")) {
    int64_t n = positiveInteger(*subrequests);
    if (n > kMaxSubrequests) subrequests->fail("at most 10000000 (Cloudflare's largest)");
    state.config.limits.subrequests = n;
  }
}

void parseObservability(const Node& value, ParseState& state) {
  ObjectNode observability(value, {"enabled", "head_sampling_rate", "logs", "traces"});
  Observability& out = state.config.observability;
  out.enabled = observability.optionalBool("enabled");
  if (auto rate = observability.get("head_sampling_rate"))
    out.head_sampling_rate = samplingRate(*rate);
  if (auto logs_value = observability.get("logs")) {
    ObjectNode logs(*logs_value, {"enabled", "head_sampling_rate", "invocation_logs", "persist",
                                  "destinations"});
    ObservabilityLogs& out_logs = out.logs.emplace();
    out_logs.enabled = logs.optionalBool("enabled");
    if (auto rate = logs.get("head_sampling_rate"))
      out_logs.head_sampling_rate = samplingRate(*rate);
    out_logs.invocation_logs = logs.optionalBool("invocation_logs");
    logs.optionalBool("persist");
    logs.stringArray("destinations");
    ignoreCloudflareOnly(logs, {"persist", "destinations"});
  }
  if (auto traces_value = observability.get("traces")) {
    ObjectNode traces(*traces_value, {"enabled", "head_sampling_rate", "persist", "destinations"});
    traces.optionalBool("enabled");
    if (auto rate = traces.get("head_sampling_rate")) samplingRate(*rate);
    traces.optionalBool("persist");
    traces.stringArray("destinations");
    traces_value->warn("is ignored: edged does not record traces");
  }
}

void parseRules(const Node& value, ParseState& state) {
  for (const Node& item : value.array()) {
    ObjectNode rule(item, {"type", "globs", "fallthrough"});
    Node type = rule.required("type");
    std::optional<ModuleType> parsed = moduleTypeFromName(type.string());
    if (!parsed) {
      type.fail(
          "one of \"ESModule\", \"CommonJS\", \"CompiledWasm\", \"Text\", \"Data\", "
          "\"PythonModule\", \"PythonRequirement\"");
    }
    state.config.rules.push_back(ModuleRule{*parsed, rule.required("globs").stringArray(),
                                            rule.optionalBool("fallthrough")});
  }
}

void parseBaseDir(const Node& value, ParseState& state) {
  state.config.base_dir = resolvePath(value, state);
}

void parseTsconfig(const Node& value, ParseState& state) {
  state.config.tsconfig = resolvePath(value, state);
}

void parseDefine(const Node& value, ParseState& state) {
  state.config.define = replacements(value);
}

void parseAlias(const Node& value, ParseState& state) { state.config.alias = replacements(value); }

void parseBuild(const Node& value, ParseState& state) {
  ObjectNode build(value, {"command", "cwd", "watch_dir"});
  Build& out = state.config.build;
  out.command = build.optionalString("command");
  if (auto cwd = build.get("cwd")) out.cwd = resolvePath(*cwd, state);
  if (auto watch = build.get("watch_dir")) {
    if (watch->isString()) {
      out.watch_dir.push_back(resolvePath(*watch, state));
    } else if (watch->isArray()) {
      for (const Node& dir : watch->array()) out.watch_dir.push_back(resolvePath(dir, state));
    } else {
      watch->fail("a path or an array of paths");
    }
  }
}

void parseDev(const Node& value, ParseState& state) {
  ObjectNode dev(value,
                 {"ip", "port", "local_protocol", "upstream_protocol", "host", "inspector_port",
                  "inspector_ip", "enable_containers", "container_engine", "generate_types"});
  DevSettings& out = state.config.dev;
  out.ip = dev.optionalString("ip");
  if (auto port = dev.get("port")) {
    std::optional<int64_t> n = port->tryInteger();
    if (!n || *n < 0 || *n > 65535) port->fail("a port number from 0 to 65535");
    out.port = static_cast<int>(*n);
  }
  if (auto protocol = dev.get("local_protocol")) {
    out.local_protocol = protocol->string();
    if (out.local_protocol != "http" && out.local_protocol != "https") {
      protocol->fail("\"http\" or \"https\"");
    }
  }
  for (std::string_view key : {"upstream_protocol", "host", "inspector_port", "inspector_ip",
                               "enable_containers", "container_engine", "generate_types"}) {
    if (auto ignored = dev.get(key)) ignored->warn("is a wrangler dev setting edged ignores");
  }
}

void parseRoute(const Node& value, ParseState& state) {
  if (value.isString() && value.string().empty()) {
    value.warn("is an empty string and is ignored");
    return;
  }
  state.config.routes = {parseOneRoute(value)};
}

void parseRoutes(const Node& value, ParseState& state) {
  if (!state.config.routes.empty()) {
    value.diag().fail("fields \"route\" and \"routes\" cannot both be set; use \"routes\"");
  }
  for (const Node& item : value.array()) state.config.routes.push_back(parseOneRoute(item));
}

void parsePlacement(const Node& value, ParseState& state) {
  ObjectNode placement(value, {"mode", "hint", "region", "host", "hostname"});
  Placement out{placement.optionalString("mode"), placement.optionalString("hint"),
                placement.optionalString("region"), placement.optionalString("host"),
                placement.optionalString("hostname")};
  if (out.mode && *out.mode != "off" && *out.mode != "smart" && *out.mode != "targeted") {
    placement.required("mode").fail("\"off\", \"smart\" or \"targeted\"");
  }
  state.config.placement = std::move(out);
}

}  // namespace edged::config::detail
