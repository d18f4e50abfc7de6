#include "edged/server/source_map_files.h"

#include <fstream>
#include <optional>
#include <sstream>

#include "edged/util/log.h"

namespace edged::server {
namespace fs = std::filesystem;
namespace {

// Cloudflare takes source maps up to 15 MB gzipped; a bigger file is not a map worth holding.
constexpr uintmax_t kMaxSourceMapBytes = 64u << 20;

// The file named by the module's last `//# sourceMappingURL=` comment, when it names a file
// (not a data: or http: URL).
std::optional<std::string> mappingUrl(std::string_view source) {
  constexpr std::string_view kMarker = "//# sourceMappingURL=";
  size_t at = source.rfind(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = source.substr(at + kMarker.size());
  std::string url(rest.substr(0, rest.find_first_of("\r\n \t")));
  if (url.empty() || url.find(':') != std::string::npos) return std::nullopt;
  return url;
}

std::optional<std::string> readMap(const fs::path& path) {
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (ec) return std::nullopt;
  if (size > kMaxSourceMapBytes) {
    log::warn("source map " + path.string() + " is larger than 64 MiB: not used");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    log::warn("cannot read source map " + path.string());
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::shared_ptr<const runtime::SourceMaps> findSourceMaps(const runtime::WorkerBundle& bundle,
                                                          const fs::path& base,
                                                          const fs::path& project_dir) {
  auto maps = std::make_shared<runtime::SourceMaps>();
  std::error_code ec;
  fs::path display;
  if (!project_dir.empty()) display = fs::absolute(project_dir, ec).lexically_normal();
  for (const runtime::BundleModule& module : bundle.modules) {
    if (module.type != runtime::ModuleType::kEsModule) continue;
    fs::path file = fs::absolute(base / module.name, ec).lexically_normal();
    if (ec) continue;
    std::optional<std::string> url = mappingUrl(module.content);
    fs::path map_path = url ? file.parent_path() / *url : fs::path(file.string() + ".map");
    std::optional<std::string> json = readMap(map_path);
    if (!json) continue;
    // Relative sources are relative to the map file (Source Map Revision 3, "sources").
    maps->add(module.name, std::make_unique<runtime::SourceMap>(
                               std::move(json).value(), map_path.parent_path(), display));
  }
  if (maps->empty()) return nullptr;
  return maps;
}

}  // namespace edged::server
