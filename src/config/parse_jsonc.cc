#include "parse_jsonc.h"

#include "edged/config/jsonc.h"
#include "json_syntax.h"

namespace edged::config::detail {

Result<simdjson::dom::element> parseJsonc(std::string_view text, const std::string& label,
                                          simdjson::dom::parser& parser) {
  Result<std::string> json = stripJsonc(text);
  if (!json) return Error{label + ":" + json.error().message};
  simdjson::dom::element root;
  simdjson::error_code failed = parser.parse(*json).get(root);
  if (!failed) return root;
  if (auto syntax = detail::findJsonSyntaxError(*json)) {
    TextPosition at = textPosition(text, syntax->offset);
    return Error{label + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
                 syntax->message};
  }
  return Error{label + ": invalid JSON: " + simdjson::error_message(failed)};
}

}  // namespace edged::config::detail
