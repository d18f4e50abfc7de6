#include "read_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace edged::config::detail {

Result<std::string> readTextFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Error{path.string() + ": cannot read: it is a directory"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path.string() + ": cannot read: " + std::strerror(errno)};
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return Error{path.string() + ": cannot read: " + std::strerror(errno)};
  return contents.str();
}

}  // namespace edged::config::detail
