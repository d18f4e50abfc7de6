#pragma once
// Character-level HTTP syntax (RFC 9110 §5.1, §5.5, §5.6), shared by the client's parser and
// request writer. Pure functions over bytes.
//
// The server's http_request_parser.cc and http_response_writer.cc still keep private copies of
// these predicates (they predate this file); they can switch to it without behaviour change.

#include <string_view>

namespace edged::net {

// tchar (RFC 9110 §5.6.2): the bytes allowed in a field name, a method or a token.
bool isTokenChar(unsigned char c);
// A non-empty token.
bool isToken(std::string_view s);
// field-value bytes (RFC 9110 §5.5): VCHAR, obs-text, SP and HTAB; never NUL, CR, LF or another CTL.
bool isFieldValue(std::string_view s);
// Without leading and trailing optional whitespace (OWS: SP and HTAB, RFC 9110 §5.6.3).
std::string_view trimOws(std::string_view s);
// ASCII case-insensitive equality, for field names and tokens (RFC 9110 §5.1).
bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace edged::net
