#pragma once
// A throwaway directory for tests that read a project from disk, removed when the test ends.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace edged::server::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "edged-server-XXXXXX").string();
    root_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path path(std::string_view relative = "") const { return root_ / relative; }

  // Writes `contents` (any bytes) to `relative`, creating directories on the way.
  std::filesystem::path write(std::string_view relative, std::string_view contents) const {
    std::filesystem::path file = path(relative);
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << contents;
    return file;
  }

 private:
  std::filesystem::path root_;
};

}  // namespace edged::server::testing
