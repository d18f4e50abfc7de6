#pragma once
// A temporary assets directory for the tests, removed with the fixture.

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace edged::bindings::assets {

class AssetDir {
 public:
  AssetDir() {
    root_ = std::filesystem::temp_directory_path() /
            ("edged-assets-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(root_);
  }
  ~AssetDir() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  void write(const std::string& relative, const std::string& content) const {
    std::filesystem::path file = root_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
  }
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace edged::bindings::assets
