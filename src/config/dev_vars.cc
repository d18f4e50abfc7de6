#include "edged/config/dev_vars.h"

#include <algorithm>

#include "read_file.h"

extern char** environ;  // POSIX

namespace edged::config {
namespace {

constexpr std::string_view kSecretPrefix = "EDGED_SECRET_";

bool isKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

bool isBlank(char c) { return c == ' ' || c == '\t'; }

// Dotenv text after \r\n → \n, which is what the dotenv package does first.
std::string normalizeNewlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string expandDoubleQuoted(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size() && (raw[i + 1] == 'n' || raw[i + 1] == 'r')) {
      out += raw[i + 1] == 'n' ? '\n' : '\r';
      ++i;
    } else {
      out += raw[i];
    }
  }
  return out;
}

void put(ParsedDotenv& parsed, std::string name, std::string value) {
  auto same = [&](const DotenvEntry& e) { return e.name == name; };
  auto existing = std::find_if(parsed.entries.begin(), parsed.entries.end(), same);
  if (existing != parsed.entries.end()) {
    existing->value = std::move(value);
  } else {
    parsed.entries.push_back({std::move(name), std::move(value)});
  }
}

// Reads one dotenv file into `into` (later names override earlier ones). Absent files are
// skipped; returns whether the file existed.
Result<bool> readDotenvFile(const std::filesystem::path& path, LoadedSecrets& into) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return false;
  Result<std::string> text = detail::readTextFile(path);
  if (!text) return text.error();
  Result<ParsedDotenv> parsed = parseDotenv(*text, path.string());
  if (!parsed) return parsed.error();
  for (DotenvEntry& entry : parsed->entries) {
    auto same = [&](const Secret& s) { return s.name == entry.name; };
    auto existing = std::find_if(into.secrets.begin(), into.secrets.end(), same);
    if (existing != into.secrets.end()) {
      existing->value = std::move(entry.value);
      existing->source = path.string();
    } else {
      into.secrets.push_back({std::move(entry.name), std::move(entry.value), path.string()});
    }
  }
  for (std::string& warning : parsed->warnings) into.warnings.push_back(std::move(warning));
  return true;
}

}  // namespace

Result<ParsedDotenv> parseDotenv(std::string_view original, std::string_view file) {
  const std::string text = normalizeNewlines(original);
  const size_t n = text.size();
  ParsedDotenv parsed;
  size_t i = 0;
  size_t line = 1;
  auto where = [&](size_t at_line) { return std::string(file) + ":" + std::to_string(at_line); };
  auto skipRestOfLine = [&] {
    while (i < n && text[i] != '\n') ++i;
  };

  while (i < n) {
    while (i < n && isBlank(text[i])) ++i;
    if (i >= n) break;
    if (text[i] == '\n') {
      ++i;
      ++line;
      continue;
    }
    if (text[i] == '#') {
      skipRestOfLine();
      continue;
    }
    const size_t start_line = line;
    if (text.compare(i, 6, "export") == 0 && i + 6 < n && isBlank(text[i + 6])) {
      i += 6;
      while (i < n && isBlank(text[i])) ++i;
    }
    const size_t key_start = i;
    while (i < n && isKeyChar(text[i])) ++i;
    std::string key = text.substr(key_start, i - key_start);
    while (i < n && isBlank(text[i])) ++i;
    const bool has_equals = i < n && text[i] == '=';
    const bool has_colon = i + 1 < n && text[i] == ':' && isBlank(text[i + 1]);
    if (key.empty() || (!has_equals && !has_colon)) {
      parsed.warnings.push_back(where(start_line) + ": ignoring a line that is not KEY=value");
      skipRestOfLine();
      continue;
    }
    ++i;
    while (i < n && isBlank(text[i])) ++i;

    std::string value;
    const char quote = i < n ? text[i] : '\0';
    if (quote == '"' || quote == '\'' || quote == '`') {
      size_t end = i + 1;
      while (end < n && text[end] != quote) end += (text[end] == '\\' && end + 1 < n) ? 2 : 1;
      if (end >= n) return Error{where(start_line) + ": unterminated " + quote + " quote"};
      std::string_view raw(text.data() + i + 1, end - i - 1);
      value = quote == '"' ? expandDoubleQuoted(raw) : std::string(raw);
      line += std::count(raw.begin(), raw.end(), '\n');
      i = end + 1;
      while (i < n && isBlank(text[i])) ++i;
      if (i < n && text[i] != '\n' && text[i] != '#') {
        parsed.warnings.push_back(where(line) + ": ignoring text after the closing quote of " +
                                  key);
      }
      skipRestOfLine();
    } else {
      const size_t value_start = i;
      while (i < n && text[i] != '\n' && text[i] != '#') ++i;
      size_t value_end = i;
      while (value_end > value_start && isBlank(text[value_end - 1])) --value_end;
      value = text.substr(value_start, value_end - value_start);
      skipRestOfLine();
    }
    put(parsed, std::move(key), std::move(value));
  }
  return parsed;
}

EnvironmentVariables processEnvironment() {
  EnvironmentVariables out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view assignment(*entry);
    size_t equals = assignment.find('=');
    if (equals == std::string_view::npos) continue;
    out.emplace_back(std::string(assignment.substr(0, equals)),
                     std::string(assignment.substr(equals + 1)));
  }
  return out;
}

Result<LoadedSecrets> loadSecrets(const std::filesystem::path& config_dir,
                                  const std::optional<std::string>& environment,
                                  const EnvironmentVariables& process_env) {
  LoadedSecrets loaded;
  std::vector<std::filesystem::path> dev_vars;
  if (environment) dev_vars.push_back(config_dir / (".dev.vars." + *environment));
  dev_vars.push_back(config_dir / ".dev.vars");

  bool found_dev_vars = false;
  for (const auto& path : dev_vars) {
    Result<bool> read = readDotenvFile(path, loaded);
    if (!read) return read.error();
    if (*read) {
      found_dev_vars = true;
      break;  // `.dev.vars.<env>` replaces `.dev.vars`, it does not merge with it
    }
  }
  if (!found_dev_vars) {
    std::vector<std::string> names = {".env", ".env.local"};
    if (environment) {
      names.push_back(".env." + *environment);
      names.push_back(".env." + *environment + ".local");
    }
    for (const std::string& name : names) {
      Result<bool> read = readDotenvFile(config_dir / name, loaded);
      if (!read) return read.error();
    }
  }

  for (const auto& [variable, value] : process_env) {
    if (variable.size() <= kSecretPrefix.size() || variable.rfind(kSecretPrefix, 0) != 0) continue;
    std::string name = variable.substr(kSecretPrefix.size());
    auto same = [&](const Secret& s) { return s.name == name; };
    auto existing = std::find_if(loaded.secrets.begin(), loaded.secrets.end(), same);
    if (existing != loaded.secrets.end()) {
      existing->value = value;
      existing->source = variable;
    } else {
      loaded.secrets.push_back({std::move(name), value, variable});
    }
  }
  return loaded;
}

}  // namespace edged::config
