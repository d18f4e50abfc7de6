#pragma once
// Shared by the config tests: a throwaway project directory, and loading a config from text
// with a fixed "today" so compatibility dates do not age.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "edged/config/config_loader.h"

namespace edged::config::testing {

using namespace std::chrono_literals;

inline constexpr std::chrono::year_month_day kToday{std::chrono::year(2025), std::chrono::June,
                                                    std::chrono::day(1)};

// A directory under the test temp dir, deleted when the test ends.
class TempProject {
 public:
  TempProject() {
    std::string pattern = (std::filesystem::temp_directory_path() / "edged-config-XXXXXX").string();
    root_ = ::mkdtemp(pattern.data());
  }
  ~TempProject() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempProject(const TempProject&) = delete;
  TempProject& operator=(const TempProject&) = delete;

  std::filesystem::path path(std::string_view relative = "") const { return root_ / relative; }

  std::filesystem::path write(std::string_view relative, std::string_view contents) const {
    std::filesystem::path file = path(relative);
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << contents;
    return file;
  }

 private:
  std::filesystem::path root_;
};

inline LoadOptions options() {
  LoadOptions o;
  o.today = kToday;
  return o;
}

// Loads without touching the filesystem, named "wrangler.jsonc" in messages.
inline LoadOptions textOnly() {
  LoadOptions o = options();
  o.use_filesystem = false;
  return o;
}

inline Result<LoadedConfig> fromText(std::string_view text, LoadOptions o = textOnly()) {
  return loadConfigFromText(text, "wrangler.jsonc", o);
}

// The error message of loading `text`, or "(loaded)" when it loads.
inline std::string errorOf(std::string_view text, LoadOptions o = textOnly()) {
  Result<LoadedConfig> result = fromText(text, std::move(o));
  return result ? "(loaded)" : result.error().message;
}

// Loads `text`, failing the test with the error if it does not load.
inline LoadedConfig mustLoad(std::string_view text, LoadOptions o = textOnly()) {
  Result<LoadedConfig> result = fromText(text, std::move(o));
  if (!result) {
    ADD_FAILURE() << result.error().message;
    return {};
  }
  return std::move(result).value();
}

// `fields` (text inside the braces, may be empty) plus the three fields every config needs.
inline std::string withBasics(std::string_view fields) {
  std::string out =
      R"({ "name": "app", "main": "src/index.js", "compatibility_date": "2025-02-11")";
  if (!fields.empty()) out += ", " + std::string(fields);
  return out + " }";
}

inline bool hasWarning(const LoadedConfig& loaded, std::string_view text) {
  for (const std::string& warning : loaded.warnings) {
    if (warning == text) return true;
  }
  return false;
}

}  // namespace edged::config::testing
