#include "edged/bindings/assets/asset_index.h"

#include <openssl/evp.h>

#include <fstream>
#include <vector>

#include "edged/bindings/assets/content_type.h"
#include "edged/config/glob.h"

namespace edged::bindings::assets {
namespace fs = std::filesystem;
namespace {

// The patterns of `.assetsignore` (gitignore-like, as wrangler reads it): one per line, `#`
// comments, a pattern without `/` matches a name at any depth, a trailing `/` a directory.
std::vector<std::string> readIgnoreFile(const fs::path& root) {
  std::vector<std::string> patterns;
  std::ifstream in(root / ".assetsignore");
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    patterns.push_back(line);
  }
  return patterns;
}

bool ignored(const std::vector<std::string>& patterns, const std::string& relative) {
  for (std::string pattern : patterns) {
    if (pattern.starts_with("/")) pattern.erase(0, 1);
    bool directory = pattern.ends_with("/");
    if (directory) pattern.pop_back();
    bool anywhere = pattern.find('/') == std::string::npos;
    // Match the path or any of its leading directories ("dir/" ignores all under it).
    size_t end = 0;
    while (end != std::string::npos) {
      end = relative.find('/', end + 1);
      std::string prefix = relative.substr(0, end);
      bool is_directory = end != std::string::npos;
      if (directory && !is_directory) break;
      std::string_view subject = prefix;
      if (anywhere) {
        size_t slash = prefix.rfind('/');
        if (slash != std::string::npos) subject = std::string_view(prefix).substr(slash + 1);
      }
      if (config::globMatches(pattern, subject)) return true;
    }
  }
  return false;
}

bool inside(const fs::path& root, const fs::path& real) {
  auto r = root.begin();
  auto p = real.begin();
  for (; r != root.end(); ++r, ++p) {
    if (p == real.end() || *r != *p) return false;
  }
  return true;
}

// The content hash of a file (SHA-256, first 128 bits in hex, like Cloudflare's 32-digit asset
// hashes), keeping the bytes when `keep` is set.
Result<std::string> hashFile(const fs::path& file, bool keep, std::string* bytes) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return makeError("cannot read " + file.string());
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::vector<char> buffer(64 * 1024);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<size_t>(got));
    if (keep) bytes->append(buffer.data(), static_cast<size_t>(got));
  }
  if (in.bad()) return makeError("cannot read " + file.string());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < 16 && i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

}  // namespace

Result<std::shared_ptr<const AssetIndex>> AssetIndex::build(const fs::path& directory) {
  std::error_code ec;
  fs::path root = fs::canonical(directory, ec);
  if (ec || !fs::is_directory(root, ec)) {
    return makeError("the assets directory " + directory.string() + " does not exist");
  }
  std::vector<std::string> patterns = readIgnoreFile(root);
  auto index = std::make_shared<AssetIndex>();
  uint64_t cached = 0;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    // Lexically: fs::relative would resolve a symlink to its target's name.
    std::string relative = entry.path().lexically_relative(root).generic_string();
    // `_headers` and `_redirects` at the root configure the asset server (AssetRuleFiles reads
    // them); wrangler never uploads them as assets.
    bool config_file =
        relative == ".assetsignore" || relative == "_headers" || relative == "_redirects";
    if (config_file || ignored(patterns, relative)) {
      if (entry.is_directory(ec) && !entry.is_symlink(ec)) it.disable_recursion_pending();
      continue;
    }
    // A symlink counts only when what it resolves to is a regular file inside the directory;
    // directory symlinks are not followed (the iterator's default).
    fs::path real = fs::canonical(entry.path(), ec);
    if (ec) {
      ec.clear();
      continue;
    }
    if (!inside(root, real) || !fs::is_regular_file(real, ec)) continue;
    uint64_t size = fs::file_size(real, ec);
    if (ec) return makeError("cannot read " + entry.path().string() + ": " + ec.message());
    if (size > kMaxFileBytes) {
      return makeError("the asset " + relative + " is " + std::to_string(size) +
                       " bytes; Workers static assets are limited to 25 MiB per file");
    }
    bool keep = size <= kMaxCachedFileBytes && cached + size <= kMaxCachedBytes;
    auto bytes = std::make_shared<std::string>();
    auto etag = hashFile(real, keep, bytes.get());
    if (!etag.ok()) return etag.error();
    AssetFile file{real, keep ? bytes->size() : size, std::move(etag).value(),
                   contentTypeFor(relative), nullptr};
    if (keep) {
      cached += bytes->size();
      file.bytes = std::move(bytes);
    }
    index->files_.emplace("/" + relative, std::move(file));
  }
  if (ec)
    return makeError("cannot list the assets directory " + directory.string() + ": " +
                     ec.message());
  return std::shared_ptr<const AssetIndex>(std::move(index));
}

const AssetFile* AssetIndex::find(std::string_view path) const {
  auto it = files_.find(std::string(path));
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace edged::bindings::assets
