#include "edged/bindings/assets/content_type.h"

#include <algorithm>
#include <array>
#include <utility>

namespace edged::bindings::assets {
namespace {

// The common web types of the `mime` package wrangler uses at upload, by lower-case extension.
constexpr std::array<std::pair<std::string_view, std::string_view>, 44> kTypes = {{
    {"html", "text/html"},
    {"htm", "text/html"},
    {"css", "text/css"},
    {"js", "text/javascript"},
    {"mjs", "text/javascript"},
    {"cjs", "application/node"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"txt", "text/plain"},
    {"md", "text/markdown"},
    {"csv", "text/csv"},
    {"xml", "text/xml"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/vnd.microsoft.icon"},
    {"bmp", "image/bmp"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"eot", "application/vnd.ms-fontobject"},
    {"wasm", "application/wasm"},
    {"pdf", "application/pdf"},
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"tar", "application/x-tar"},
    {"mp3", "audio/mpeg"},
    {"wav", "audio/wav"},
    {"ogg", "audio/ogg"},
    {"mp4", "video/mp4"},
    {"webm", "video/webm"},
    {"mov", "video/quicktime"},
    {"rss", "application/rss+xml"},
    {"atom", "application/atom+xml"},
    {"ics", "text/calendar"},
    {"yaml", "text/yaml"},
    {"yml", "text/yaml"},
    {"toml", "application/toml"},
}};

}  // namespace

std::string contentTypeFor(std::string_view file_name) {
  size_t slash = file_name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == base.size()) return "application/octet-stream";
  std::string ext(base.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const auto& [known, type] : kTypes) {
    if (known != ext) continue;
    // Text is served as UTF-8, as Cloudflare's asset upload labels it.
    if (type.starts_with("text/")) return std::string(type) + "; charset=utf-8";
    return std::string(type);
  }
  return "application/octet-stream";
}

}  // namespace edged::bindings::assets
