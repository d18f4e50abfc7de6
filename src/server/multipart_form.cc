#include "edged/server/multipart_form.h"

#include <strings.h>

#include <algorithm>
#include <cctype>

namespace edged::server {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// The value of parameter `key` in a header like `form-data; name="x"; filename="y"`.
std::string parameter(std::string_view header, std::string_view key) {
  size_t at = 0;
  while ((at = header.find(';', at)) != std::string_view::npos) {
    std::string_view rest = trim(header.substr(++at));
    if (rest.size() <= key.size() || strncasecmp(rest.data(), key.data(), key.size()) != 0 ||
        rest[key.size()] != '=') {
      continue;
    }
    std::string_view value = rest.substr(key.size() + 1);
    std::string out;
    if (!value.empty() && value.front() == '"') {
      for (size_t i = 1; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        out += value[i];
      }
      return out;
    }
    return std::string(trim(value.substr(0, value.find(';'))));
  }
  return {};
}

}  // namespace

Result<std::vector<FormPart>> parseMultipartForm(std::string_view content_type, std::string_view body) {
  if (content_type.size() < 19 || strncasecmp(content_type.data(), "multipart/form-data", 19) != 0) {
    return makeError("expected a multipart/form-data body, got Content-Type \"" + std::string(content_type) + "\"");
  }
  std::string boundary = parameter(content_type, "boundary");
  if (boundary.empty()) return makeError("the multipart/form-data Content-Type has no boundary");
  std::string delimiter = "--" + boundary;
  size_t at = body.find(delimiter);
  if (at == std::string_view::npos) return makeError("the multipart body has no part delimited by its boundary");
  std::vector<FormPart> parts;
  for (;;) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return parts;  // the close delimiter
    size_t line_end = body.find("\r\n", at);
    if (line_end == std::string_view::npos) break;
    size_t headers_end = body.find("\r\n\r\n", line_end);
    if (headers_end == std::string_view::npos) break;
    FormPart part;
    std::string_view headers = body.substr(line_end + 2, headers_end - line_end - 2);
    for (size_t start = 0; start <= headers.size();) {
      size_t end = std::min(headers.find("\r\n", start), headers.size());
      std::string_view line = headers.substr(start, end - start);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string_view name = trim(line.substr(0, colon));
        std::string_view value = trim(line.substr(colon + 1));
        if (strncasecmp(name.data(), "content-disposition", name.size()) == 0 && name.size() == 19) {
          part.name = parameter(value, "name");
          part.filename = parameter(value, "filename");
        } else if (strncasecmp(name.data(), "content-type", name.size()) == 0 && name.size() == 12) {
          part.content_type = std::string(value);
        }
      }
      start = end + 2;
    }
    size_t next = body.find("\r\n" + delimiter, headers_end + 4);
    if (next == std::string_view::npos) break;
    part.body = std::string(body.substr(headers_end + 4, next - headers_end - 4));
    if (part.name.empty()) return makeError("a multipart part has no Content-Disposition name");
    parts.push_back(std::move(part));
    at = next + 2;
  }
  return makeError("the multipart body ends before its closing boundary");
}

}  // namespace edged::server
