#pragma once
// A JSONC file's text as a JSON tree, for every config edged reads (wrangler.jsonc, edged.jsonc).

#include <simdjson.h>

#include <string>
#include <string_view>

#include "edged/util/result.h"

namespace edged::config::detail {

// The tree, or the first syntax error as "<label>:<line>:<column>: <what>". `parser` owns it.
Result<simdjson::dom::element> parseJsonc(std::string_view text, const std::string& label,
                                          simdjson::dom::parser& parser);

}  // namespace edged::config::detail
