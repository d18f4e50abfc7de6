#include "edged/server/version_fingerprint.h"

#include <openssl/evp.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string_view>

namespace edged::server {
namespace {

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) { EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr); }

  // Length first, so that no two sequences of parts hash alike.
  void part(std::string_view bytes) {
    uint64_t size = bytes.size();
    EVP_DigestUpdate(ctx_.get(), &size, sizeof size);
    EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size());
  }

  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest, &length);
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
      out += kDigits[digest[i] >> 4];
      out += kDigits[digest[i] & 0xf];
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

std::string fileText(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string versionFingerprint(const config::LoadedConfig& loaded, const WorkerVersion& version) {
  Sha256 sha;
  sha.part(fileText(loaded.worker.config_path));
  sha.part(version.env_json);
  sha.part(version.bindings_json);
  sha.part(version.bundle->main_module);
  for (const runtime::BundleModule& module : version.bundle->modules) {
    sha.part(module.name);
    sha.part(std::to_string(static_cast<int>(module.type)));
    sha.part(module.content);
  }
  if (loaded.worker.assets && loaded.worker.assets->directory) {
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(*loaded.worker.assets->directory, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      if (!it->is_regular_file(error)) continue;
      sha.part(it->path().string());
      sha.part(std::to_string(it->file_size(error)));
      sha.part(std::to_string(it->last_write_time(error).time_since_epoch().count()));
    }
  }
  return sha.hex();
}

}  // namespace edged::server
