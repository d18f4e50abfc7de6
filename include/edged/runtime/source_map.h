#pragma once
// One module's source map (Source Map Revision 3: `version`, `sources`, `sourceRoot`,
// `mappings`), as esbuild writes it and wrangler uploads it. Only stack traces ever need it, so
// the JSON is kept as text and its VLQ mappings are decoded on the first lookup, once; a map is
// shared by every thread's isolate of a Worker version, and lookups are thread-safe.

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace edged::runtime {

// A position in an original source file, 1-based like the line:column of a V8 stack frame.
struct OriginalPosition {
  std::string source;  // e.g. "src/index.ts"
  uint32_t line = 0;
  uint32_t column = 0;
};

class SourceMap {
 public:
  // `json`: the map's text. A relative source (after `sourceRoot`) is resolved against
  // `sources_dir` when given (the directory of the map file, as the spec says) and then shown
  // relative to `display_dir` when given (the project directory: "src/index.ts").
  explicit SourceMap(std::string json, std::filesystem::path sources_dir = {},
                     std::filesystem::path display_dir = {});
  SourceMap(const SourceMap&) = delete;
  SourceMap& operator=(const SourceMap&) = delete;

  // Where the generated `line`:`column` (1-based) came from: the mapping segment at or before
  // it on that line. Empty when the map has none there or cannot be decoded.
  std::optional<OriginalPosition> find(uint32_t line, uint32_t column) const;

  // Why decoding failed, empty when it did not (or has not run yet).
  const std::string& error() const { return error_; }

 private:
  // One decoded segment: generated column, then where it points (source -1: points nowhere).
  struct Segment {
    uint32_t generated_column;
    int32_t source;
    uint32_t line;
    uint32_t column;
  };

  void decode() const;
  std::string displayName(const std::string& source) const;

  std::string json_;
  std::filesystem::path sources_dir_;
  std::filesystem::path display_dir_;
  mutable std::once_flag decoded_;
  mutable std::vector<std::string> sources_;
  mutable std::vector<Segment> segments_;
  mutable std::vector<uint32_t> line_starts_;  // index into segments_ of each generated line
  mutable std::string error_;
};

}  // namespace edged::runtime
