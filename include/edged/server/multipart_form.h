#pragma once
// multipart/form-data (RFC 7578) bodies as the admin API receives them: Cloudflare's script
// upload sends a `metadata` JSON part and one part per module.

#include <string>
#include <string_view>
#include <vector>

#include "edged/util/result.h"

namespace edged::server {

struct FormPart {
  std::string name;          // Content-Disposition name
  std::string filename;      // Content-Disposition filename ("" when absent)
  std::string content_type;  // "" when absent
  std::string body;
};

// The parts of `body`, whose Content-Type header is `content_type` (it carries the boundary).
Result<std::vector<FormPart>> parseMultipartForm(std::string_view content_type, std::string_view body);

}  // namespace edged::server
