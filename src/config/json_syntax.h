#pragma once
// Where a JSON text stops being JSON, and what was expected there.
//
// simdjson (which parses the config) says only *that* a document is malformed — "improper
// structure: missing or superfluous commas, braces..." — with no position. This scan runs only
// after simdjson rejected a document, to turn that into `wrangler.jsonc:12:5: expected ',' or '}'`.
// It checks the RFC 8259 grammar and nothing else (not UTF-8 validity, not number range): when
// it finds no error, the caller falls back to simdjson's own message.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace edged::config::detail {

struct JsonSyntaxError {
  size_t offset;        // byte offset into the text
  std::string message;  // "expected ',' or '}'"
};

// Containers nested deeper than this are an error, as they are for simdjson's default parser.
inline constexpr size_t kMaxJsonDepth = 1024;

std::optional<JsonSyntaxError> findJsonSyntaxError(std::string_view text);

}  // namespace edged::config::detail
