#include "edged/bindings/assets/asset_rule_files.h"

#include <fstream>
#include <optional>
#include <sstream>

namespace edged::bindings::assets {
namespace {

namespace fs = std::filesystem;

// The file's text; nothing when it does not exist (or is not a regular file, which wrangler
// would not read either).
std::optional<std::string> readRuleFile(const fs::path& file, std::vector<std::string>* warnings) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    warnings->push_back(file.string() + ": cannot be read; its rules are not applied");
    return std::nullopt;
  }
  return std::move(text).str();
}

void report(const fs::path& file, const std::vector<RuleWarning>& found,
            std::vector<std::string>* warnings) {
  for (const RuleWarning& warning : found) {
    std::string where = file.string();
    if (warning.line > 0) where += ":" + std::to_string(warning.line);
    warnings->push_back(where + ": " + warning.message);
  }
}

}  // namespace

AssetRuleFiles AssetRuleFiles::read(const fs::path& directory, HtmlHandling html,
                                    std::vector<std::string>* warnings) {
  AssetRuleFiles files;
  fs::path redirects = directory / "_redirects";
  if (auto text = readRuleFile(redirects, warnings)) {
    std::vector<RuleWarning> found;
    files.redirects = RedirectRules::parse(*text, html, &found);
    report(redirects, found, warnings);
  }
  fs::path headers = directory / "_headers";
  if (auto text = readRuleFile(headers, warnings)) {
    std::vector<RuleWarning> found;
    files.headers = HeaderRules::parse(*text, &found);
    report(headers, found, warnings);
  }
  return files;
}

}  // namespace edged::bindings::assets
