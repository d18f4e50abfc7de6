#include "edged/runtime/source_map.h"

#include <simdjson.h>

#include <algorithm>

namespace edged::runtime {
namespace {

// Base64 digit → value, -1 for anything else.
int base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Reads one Base64 VLQ number at `pos` (Source Map Revision 3, "mappings"): 5 value bits per
// digit, least significant first, bit 6 says another digit follows; the lowest bit of the
// result is the sign. False on a malformed or oversized number.
bool readVlq(std::string_view text, size_t& pos, int64_t& out) {
  uint64_t value = 0;
  int shift = 0;
  while (true) {
    if (pos >= text.size() || shift > 30) return false;
    int digit = base64Value(text[pos++]);
    if (digit < 0) return false;
    value |= static_cast<uint64_t>(digit & 31) << shift;
    shift += 5;
    if ((digit & 32) == 0) break;
  }
  int64_t magnitude = static_cast<int64_t>(value >> 1);
  out = (value & 1) ? -magnitude : magnitude;
  return true;
}

}  // namespace

SourceMap::SourceMap(std::string json, std::filesystem::path sources_dir,
                     std::filesystem::path display_dir)
    : json_(std::move(json)),
      sources_dir_(std::move(sources_dir)),
      display_dir_(std::move(display_dir)) {}

std::string SourceMap::displayName(const std::string& source) const {
  // "webpack://…", "file:///…": already a name the author knows.
  if (source.find("://") != std::string::npos) return source;
  std::filesystem::path path(source);
  if (!sources_dir_.empty() && path.is_relative()) path = sources_dir_ / path;
  path = path.lexically_normal();
  if (!display_dir_.empty()) {
    std::filesystem::path relative = path.lexically_relative(display_dir_);
    if (!relative.empty()) path = relative;
  }
  return path.generic_string();
}

void SourceMap::decode() const {
  simdjson::dom::parser parser;
  simdjson::dom::element map;
  if (parser.parse(json_).get(map) != simdjson::SUCCESS || !map.is_object()) {
    error_ = "not a JSON object";
    return;
  }
  std::string_view mappings;
  simdjson::dom::array sources;
  if (map["mappings"].get(mappings) != simdjson::SUCCESS ||
      map["sources"].get(sources) != simdjson::SUCCESS) {
    // An index map ("sections") or something else: no positions to offer.
    error_ = "no \"mappings\" and \"sources\"";
    return;
  }
  std::string_view root;
  if (map["sourceRoot"].get(root) != simdjson::SUCCESS) root = {};
  std::string prefix(root);
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  for (simdjson::dom::element source : sources) {
    std::string_view name;
    if (source.get(name) != simdjson::SUCCESS) name = {};
    sources_.push_back(displayName(prefix + std::string(name)));
  }

  // Fields 2-4 of a segment are relative to the previous segment's anywhere in the map, the
  // generated column only within its line; the 5th (a name) is not needed for positions.
  int64_t source = 0, line = 0, column = 0;
  size_t pos = 0;
  line_starts_.push_back(0);
  while (pos < mappings.size()) {
    char c = mappings[pos];
    if (c == ';') {
      line_starts_.push_back(static_cast<uint32_t>(segments_.size()));
      ++pos;
      continue;
    }
    if (c == ',') {
      ++pos;
      continue;
    }
    int64_t fields[5] = {0, 0, 0, 0, 0};
    int count = 0;
    while (pos < mappings.size() && mappings[pos] != ',' && mappings[pos] != ';') {
      if (count == 5 || !readVlq(mappings, pos, fields[count])) {
        error_ = "malformed mappings at offset " + std::to_string(pos);
        segments_.clear();
        line_starts_.clear();
        return;
      }
      ++count;
    }
    size_t line_start = line_starts_.back();
    int64_t generated =
        (segments_.size() > line_start ? segments_.back().generated_column : 0) + fields[0];
    Segment segment{static_cast<uint32_t>(std::max<int64_t>(generated, 0)), -1, 0, 0};
    if (count >= 4) {
      source += fields[1];
      line += fields[2];
      column += fields[3];
      if (source >= 0 && static_cast<size_t>(source) < sources_.size() && line >= 0 &&
          column >= 0) {
        segment = {segment.generated_column, static_cast<int32_t>(source),
                   static_cast<uint32_t>(line), static_cast<uint32_t>(column)};
      }
    }
    segments_.push_back(segment);
  }
  // Segments of a line are sorted by generated column (esbuild writes them so); sort anyway,
  // a hand-made map may not be.
  for (size_t i = 0; i < line_starts_.size(); ++i) {
    auto begin = segments_.begin() + line_starts_[i];
    auto end = i + 1 < line_starts_.size() ? segments_.begin() + line_starts_[i + 1]
                                           : segments_.end();
    std::stable_sort(begin, end, [](const Segment& a, const Segment& b) {
      return a.generated_column < b.generated_column;
    });
  }
}

std::optional<OriginalPosition> SourceMap::find(uint32_t line, uint32_t column) const {
  std::call_once(decoded_, [this] { decode(); });
  if (line == 0 || line > line_starts_.size()) return std::nullopt;
  auto begin = segments_.begin() + line_starts_[line - 1];
  auto end = line < line_starts_.size() ? segments_.begin() + line_starts_[line] : segments_.end();
  // The last segment starting at or before the (0-based) column.
  uint32_t generated = column == 0 ? 0 : column - 1;
  auto after = std::upper_bound(begin, end, generated, [](uint32_t col, const Segment& s) {
    return col < s.generated_column;
  });
  if (after == begin) return std::nullopt;
  const Segment& segment = *(after - 1);
  if (segment.source < 0) return std::nullopt;
  return OriginalPosition{sources_[static_cast<size_t>(segment.source)], segment.line + 1,
                          segment.column + 1};
}

}  // namespace edged::runtime
