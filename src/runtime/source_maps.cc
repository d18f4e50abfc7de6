#include "edged/runtime/source_maps.h"

#include <charconv>
#include <optional>

namespace edged::runtime {
namespace {

bool parseNumber(std::string_view text, uint32_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// The "file:line:column" part of one V8 stack frame line, as an offset and length into `line`:
// "    at fn (index.js:4:11)" or "    at index.js:4:11" (also "at async fn (…)"). Nothing for
// any other line.
std::optional<std::pair<size_t, size_t>> frameLocation(std::string_view line) {
  size_t at = line.find_first_not_of(" \t");
  if (at == std::string_view::npos || line.substr(at, 3) != "at ") return std::nullopt;
  size_t start = at + 3;
  size_t end = line.size();
  if (line.back() == ')') {
    size_t open = line.rfind('(');
    if (open == std::string_view::npos || open < start) return std::nullopt;
    start = open + 1;
    end = line.size() - 1;
  } else if (line.substr(start, 6) == "async ") {
    start += 6;
  }
  return std::make_pair(start, end - start);
}

}  // namespace

void SourceMaps::add(const std::string& module_name, std::unique_ptr<SourceMap> map) {
  maps_[module_name] = std::move(map);
}

const SourceMap* SourceMaps::find(std::string_view module_name) const {
  auto it = maps_.find(module_name);
  return it == maps_.end() ? nullptr : it->second.get();
}

std::string SourceMaps::mapStack(std::string_view text) const {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t newline = text.find('\n', pos);
    size_t line_end = newline == std::string_view::npos ? text.size() : newline;
    std::string_view line = text.substr(pos, line_end - pos);
    std::optional<std::pair<size_t, size_t>> location = frameLocation(line);
    bool mapped = false;
    if (location) {
      std::string_view where = line.substr(location->first, location->second);
      size_t column_colon = where.rfind(':');
      size_t line_colon = column_colon == std::string_view::npos
                              ? column_colon
                              : where.rfind(':', column_colon - 1);
      uint32_t frame_line = 0, frame_column = 0;
      if (line_colon != std::string_view::npos && line_colon > 0 &&
          parseNumber(where.substr(line_colon + 1, column_colon - line_colon - 1), frame_line) &&
          parseNumber(where.substr(column_colon + 1), frame_column)) {
        const SourceMap* map = find(where.substr(0, line_colon));
        std::optional<OriginalPosition> original =
            map ? map->find(frame_line, frame_column) : std::nullopt;
        if (original) {
          out.append(line.substr(0, location->first));
          out += original->source + ':' + std::to_string(original->line) + ':' +
                 std::to_string(original->column);
          out.append(line.substr(location->first + location->second));
          mapped = true;
        }
      }
    }
    if (!mapped) out.append(line);
    if (newline == std::string_view::npos) break;
    out += '\n';
    pos = newline + 1;
  }
  return out;
}

}  // namespace edged::runtime
