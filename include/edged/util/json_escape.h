#pragma once
// Writes a string as a JSON string literal (RFC 8259 §7), for log lines and JSON built by hand.

#include <string>
#include <string_view>

namespace edged {

// The escaped content, without surrounding quotes.
std::string jsonEscape(std::string_view in);
// `"…"`, quoted and escaped.
inline std::string jsonQuote(std::string_view in) { return "\"" + jsonEscape(in) + "\""; }

}  // namespace edged
