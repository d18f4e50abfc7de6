#pragma once
// Reading the small text files this library looks at (wrangler.jsonc, .dev.vars, .env).

#include <filesystem>
#include <string>

#include "edged/util/result.h"

namespace edged::config::detail {

// The whole file, or Error{"<path>: cannot read: <reason>"}.
Result<std::string> readTextFile(const std::filesystem::path& path);

}  // namespace edged::config::detail
