#pragma once
// The files of a Worker's `assets.directory`, indexed once when the version loads (Cloudflare
// uploads a manifest per deploy; the index is edged's manifest): each servable path with its
// size, strong ETag (a content hash) and Content-Type. Lookups never touch the filesystem, so a
// request path can only ever name a file that was indexed: nothing outside the directory, no
// symlink leading out of it, nothing `.assetsignore` excludes.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "edged/util/result.h"

namespace edged::bindings::assets {

struct AssetFile {
  std::filesystem::path file;  // the real path, checked inside the directory
  uint64_t size = 0;
  std::string etag;  // hex digits, unquoted (the header quotes it)
  std::string content_type;
  // The whole content for small files, served from memory; null: read from `file` when served.
  std::shared_ptr<const std::string> bytes;
};

class AssetIndex {
 public:
  // Files at most this large are kept in memory, up to kMaxCachedBytes in all.
  static constexpr uint64_t kMaxCachedFileBytes = 64 * 1024;
  static constexpr uint64_t kMaxCachedBytes = 64ull << 20;
  // Cloudflare's per-file limit for Workers static assets.
  static constexpr uint64_t kMaxFileBytes = 25ull << 20;

  // Walks `directory` (which must exist). Hidden from the index: `.assetsignore` itself and what
  // it lists, the root's `_headers` and `_redirects`, symlinks whose target lies outside the
  // directory, anything but regular files.
  // Files over Cloudflare's 25 MiB limit are an error, as `wrangler deploy` makes them.
  static Result<std::shared_ptr<const AssetIndex>> build(const std::filesystem::path& directory);

  // `path` is a decoded URL path ("/a/b.html"); null when no such asset.
  const AssetFile* find(std::string_view path) const;
  size_t size() const { return files_.size(); }

 private:
  std::unordered_map<std::string, AssetFile> files_;
};

}  // namespace edged::bindings::assets
