#include "edged/config/jsonc.h"

#include <optional>

namespace edged::config {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool isUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

Error errorAt(std::string_view text, size_t offset, std::string_view what) {
  TextPosition at = textPosition(text, offset);
  return Error{std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
               std::string(what)};
}

// Blanks one byte of a comment, keeping line breaks so line numbers stay right.
void blank(std::string& out, size_t i) {
  if (out[i] != '\n' && out[i] != '\r') out[i] = ' ';
}

}  // namespace

TextPosition textPosition(std::string_view text, size_t offset) {
  TextPosition at;
  size_t i = text.substr(0, kByteOrderMark.size()) == kByteOrderMark ? kByteOrderMark.size() : 0;
  for (; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else if (!isUtf8Continuation(text[i])) {
      ++at.column;
    }
  }
  return at;
}

Result<std::string> stripJsonc(std::string_view text) {
  std::string out(text);
  const size_t n = text.size();
  size_t i = 0;
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    out.replace(0, kByteOrderMark.size(), kByteOrderMark.size(), ' ');
    i = kByteOrderMark.size();
  }
  // Offsets of the last two significant (non-blank) bytes, to recognise a trailing comma when a
  // `}` or `]` arrives. A comma right after `[`, `{` or another comma is not trailing but a
  // syntax error, so it is left for the parser to report.
  std::optional<size_t> last, before_last;
  auto mark = [&](size_t at) {
    before_last = last;
    last = at;
  };

  while (i < n) {
    const char c = text[i];
    const char next = i + 1 < n ? text[i + 1] : '\0';
    if (c == '"') {
      const size_t start = i++;
      // A JSON string ends at the first unescaped quote and never spans lines.
      while (i < n && text[i] != '"' && text[i] != '\n') {
        i += (text[i] == '\\' && i + 1 < n && text[i + 1] != '\n') ? 2 : 1;
      }
      if (i >= n || text[i] != '"') return errorAt(text, start, "unterminated string");
      mark(i++);
    } else if (c == '/' && next == '/') {
      for (; i < n && text[i] != '\n'; ++i) blank(out, i);
    } else if (c == '/' && next == '*') {
      const size_t start = i;
      blank(out, i++);
      blank(out, i++);
      while (i < n && !(text[i] == '*' && i + 1 < n && text[i + 1] == '/')) blank(out, i++);
      if (i >= n) return errorAt(text, start, "unterminated /* comment");
      blank(out, i++);
      blank(out, i++);
    } else if (c == '}' || c == ']') {
      if (last && out[*last] == ',' && before_last && out[*before_last] != '[' &&
          out[*before_last] != '{' && out[*before_last] != ',') {
        out[*last] = ' ';
        last = before_last;
      }
      mark(i++);
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else {
      mark(i++);
    }
  }
  return out;
}

}  // namespace edged::config
