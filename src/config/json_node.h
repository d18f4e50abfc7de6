#pragma once
// Typed, path-aware access to the parsed wrangler.jsonc (a simdjson DOM), so that every field
// parser reads like the schema and every failure names the file, the field and what was
// expected: `wrangler.jsonc: field "limits.cpu_ms" must be a positive integer, got "abc"`.
//
// Failures throw detail::ConfigError, which loadConfigFromText() catches and returns as
// Result's Error; nothing is thrown out of src/config. Exceptions keep the field parsers to one
// line per field instead of an early return after every read.

#include <simdjson.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edged::config::detail {

struct ConfigError {
  std::string message;
};

// The config file's label (as the user named it) and the warnings collected so far.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  // Throws ConfigError{"<file>: <message>"}.
  [[noreturn]] void fail(std::string_view message) const;
  // Records "<file>: <message>".
  void warn(std::string_view message);
  std::vector<std::string>& warnings() { return warnings_; }

 private:
  std::string file_;
  std::vector<std::string> warnings_;
};

// The closest of `candidates` to a probably misspelt `name`, if one is close enough to be the
// likely intent (a small edit distance relative to the name's length).
std::optional<std::string_view> closestName(std::string_view name,
                                            std::span<const std::string_view> candidates);

// `"<path>"` for messages, plus " (did you mean "<suggestion>"?)" when there is one.
std::string unknownFieldMessage(const std::string& path, std::string_view key,
                                std::span<const std::string_view> known);

// A JSON value and the path that leads to it ("vars.API_URL", "kv_namespaces[0].id").
class Node {
 public:
  Node(simdjson::dom::element value, std::string path, Diagnostics& diag)
      : value_(value), path_(std::move(path)), diag_(&diag) {}

  const std::string& path() const { return path_; }
  simdjson::dom::element raw() const { return value_; }
  Diagnostics& diag() const { return *diag_; }

  bool isString() const { return value_.type() == simdjson::dom::element_type::STRING; }
  bool isBool() const { return value_.type() == simdjson::dom::element_type::BOOL; }
  bool isArray() const { return value_.type() == simdjson::dom::element_type::ARRAY; }
  bool isObject() const { return value_.type() == simdjson::dom::element_type::OBJECT; }
  bool isNull() const { return value_.type() == simdjson::dom::element_type::NULL_VALUE; }

  std::string string() const;
  bool boolean() const;
  int64_t integer() const;  // any JSON number with an integral value in int64 range
  std::optional<int64_t> tryInteger() const;  // the same, without failing
  double number() const;
  std::vector<std::string> stringArray() const;
  std::vector<Node> array() const;
  // Compact JSON text of the value.
  std::string json() const;

  // Throws `<file>: field "<path>" must be <expectation>, got <json>`.
  [[noreturn]] void fail(std::string_view expectation) const;
  // Records `<file>: field "<path>" <message>`.
  void warn(std::string_view message) const;

  Node child(std::string_view key, simdjson::dom::element value) const;

 private:
  simdjson::dom::element value_;
  std::string path_;
  Diagnostics* diag_;
};

// The fields of a JSON object, checked against the keys its schema knows.
class ObjectNode {
 public:
  // Fails unless `node` is an object whose keys are all in `known` (an unknown key is named, with
  // the closest known key suggested). A repeated key keeps its last value, as JSON.parse does,
  // with a warning.
  ObjectNode(const Node& node, std::span<const std::string_view> known);
  ObjectNode(const Node& node, std::initializer_list<std::string_view> known)
      : ObjectNode(node, std::span<const std::string_view>(known.begin(), known.size())) {}
  // Any keys allowed (`vars`, `define`).
  static ObjectNode anyKeys(const Node& node);
  // Any keys, no warning about repeated ones: for a second look at a value that its own parser
  // reads (and warns about) too.
  static ObjectNode quiet(const Node& node);

  const Node& node() const { return node_; }
  const std::vector<std::pair<std::string, Node>>& fields() const { return fields_; }
  bool has(std::string_view key) const { return get(key).has_value(); }
  std::optional<Node> get(std::string_view key) const;
  // Fails with `field "<path>.<key>" is required`, plus `hint` when given.
  Node required(std::string_view key, std::string_view hint = {}) const;

  std::string requiredString(std::string_view key) const { return required(key).string(); }
  std::optional<std::string> optionalString(std::string_view key) const;
  std::optional<bool> optionalBool(std::string_view key) const;
  std::optional<int64_t> optionalInteger(std::string_view key) const;
  std::optional<double> optionalNumber(std::string_view key) const;
  std::vector<std::string> stringArray(std::string_view key) const;  // empty when absent

 private:
  enum class RepeatedKeys { kWarn, kQuiet };
  ObjectNode(const Node& node, RepeatedKeys repeated);

  Node node_;
  std::vector<std::pair<std::string, Node>> fields_;
};

}  // namespace edged::config::detail
