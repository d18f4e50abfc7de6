#include "list_range.h"

namespace edged::bindings::durable_objects {
namespace {

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// The first key after every key that begins with `prefix`: the prefix with its last byte
// increased, after dropping trailing 0xff bytes. None when the prefix is all 0xff bytes (then
// the range runs to the last key).
std::optional<std::string> keyAfterPrefix(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

}  // namespace

StorageResult<std::optional<KeyRange>> listRange(const ListOptions& options) {
  if (options.start && options.start_after) {
    return workerError(StorageError::Kind::kTypeError,
                       "list() cannot be called with both start and startAfter values.");
  }
  if (options.limit && *options.limit <= 0) {
    return workerError(StorageError::Kind::kTypeError, "List limit must be positive.");
  }
  KeyRange range;
  if (options.start) range.start = *options.start;
  // The smallest key greater than startAfter is startAfter followed by a NUL byte.
  if (options.start_after) range.start = *options.start_after + std::string(1, '\0');
  range.end = options.end;
  if (options.prefix && !options.prefix->empty()) {
    const std::string& prefix = *options.prefix;
    if (range.start < prefix) {
      range.start = prefix;
    } else if (!startsWith(range.start, prefix)) {
      return std::optional<KeyRange>();  // start is past every key with the prefix
    }
    std::optional<std::string> after = keyAfterPrefix(prefix);
    if (after) {
      if (!range.end) {
        range.end = after;
      } else if (*range.end <= prefix) {
        return std::optional<KeyRange>();
      } else if (!startsWith(*range.end, prefix)) {
        range.end = after;
      }
    }
  }
  if (range.end && *range.end <= range.start) return std::optional<KeyRange>();
  return std::optional<KeyRange>(std::move(range));
}

}  // namespace edged::bindings::durable_objects
