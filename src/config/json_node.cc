#include "json_node.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edged::config::detail {
namespace {

using simdjson::dom::element_type;

constexpr size_t kMaxShownJson = 80;

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbours each cost 1, which covers most typing slips.
size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

void Diagnostics::fail(std::string_view message) const {
  throw ConfigError{file_ + ": " + std::string(message)};
}

void Diagnostics::warn(std::string_view message) {
  warnings_.push_back(file_ + ": " + std::string(message));
}

std::optional<std::string_view> closestName(std::string_view name,
                                            std::span<const std::string_view> candidates) {
  // Names are too short to tell a typo from a different word below this length.
  if (name.size() < 3) return std::nullopt;
  const size_t allowed = std::max<size_t>(1, std::min<size_t>(3, name.size() / 4));
  std::optional<std::string_view> best;
  size_t best_distance = allowed + 1;
  const std::string lower = lowercase(name);
  for (std::string_view candidate : candidates) {
    const std::string other = lowercase(candidate);
    size_t distance = editDistance(lower, other);
    // "cpu" for "cpu_ms": a name cut short is as likely a slip as a typo.
    if (other.rfind(lower, 0) == 0 || lower.rfind(other, 0) == 0)
      distance = std::min<size_t>(distance, 1);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string unknownFieldMessage(const std::string& path, std::string_view key,
                                std::span<const std::string_view> known) {
  std::string prefix = path.empty() ? "" : path + ".";
  std::string message = "unknown field " + inQuotes(prefix + std::string(key));
  if (auto suggestion = closestName(key, known)) {
    message += " (did you mean " + inQuotes(prefix + std::string(*suggestion)) + "?)";
  }
  return message;
}

// ---- Node ---------------------------------------------------------------------------------

std::string Node::json() const { return simdjson::to_string(value_); }

void Node::fail(std::string_view expectation) const {
  std::string shown = json();
  if (shown.size() > kMaxShownJson) shown = shown.substr(0, kMaxShownJson) + "...";
  diag_->fail("field " + inQuotes(path_) + " must be " + std::string(expectation) + ", got " +
              shown);
}

void Node::warn(std::string_view message) const {
  diag_->warn("field " + inQuotes(path_) + " " + std::string(message));
}

Node Node::child(std::string_view key, simdjson::dom::element value) const {
  return Node(value, path_.empty() ? std::string(key) : path_ + "." + std::string(key), *diag_);
}

std::string Node::string() const {
  if (!isString()) fail("a string");
  return std::string(value_.get_string().value_unsafe());
}

bool Node::boolean() const {
  if (!isBool()) fail("true or false");
  return value_.get_bool().value_unsafe();
}

std::optional<int64_t> Node::tryInteger() const {
  switch (value_.type()) {
    case element_type::INT64:
      return value_.get_int64().value_unsafe();
    case element_type::DOUBLE: {
      // 3e3 and 3000.0 are integers to JavaScript, which wrote most of these files.
      double d = value_.get_double().value_unsafe();
      if (std::trunc(d) == d && std::fabs(d) < 9.2e18) return static_cast<int64_t>(d);
      return std::nullopt;
    }
    default:  // UINT64 is above INT64_MAX
      return std::nullopt;
  }
}

int64_t Node::integer() const {
  if (auto value = tryInteger()) return *value;
  fail("an integer");
}

double Node::number() const {
  switch (value_.type()) {
    case element_type::INT64:
      return static_cast<double>(value_.get_int64().value_unsafe());
    case element_type::UINT64:
      return static_cast<double>(value_.get_uint64().value_unsafe());
    case element_type::DOUBLE:
      return value_.get_double().value_unsafe();
    default:
      fail("a number");
  }
}

std::vector<Node> Node::array() const {
  if (!isArray()) fail("an array");
  std::vector<Node> items;
  size_t index = 0;
  // Copy the handle out of the simdjson_result first: iterating the temporary's value dangles.
  simdjson::dom::array items_json = value_.get_array().value_unsafe();
  for (simdjson::dom::element item : items_json) {
    items.emplace_back(item, path_ + "[" + std::to_string(index++) + "]", *diag_);
  }
  return items;
}

std::vector<std::string> Node::stringArray() const {
  if (!isArray()) fail("an array of strings");
  std::vector<std::string> out;
  for (const Node& item : array()) out.push_back(item.string());
  return out;
}

// ---- ObjectNode ---------------------------------------------------------------------------

ObjectNode::ObjectNode(const Node& node, RepeatedKeys repeated) : node_(node) {
  if (!node.isObject()) node.fail("an object");
  simdjson::dom::object object = node.raw().get_object().value_unsafe();
  for (simdjson::dom::key_value_pair field : object) {
    std::string key(field.key);
    auto same = [&](const auto& entry) { return entry.first == key; };
    auto existing = std::find_if(fields_.begin(), fields_.end(), same);
    Node value = node.child(key, field.value);
    if (existing != fields_.end()) {
      if (repeated == RepeatedKeys::kWarn)
        value.warn("appears more than once; the last value is used");
      existing->second = std::move(value);
    } else {
      fields_.emplace_back(std::move(key), std::move(value));
    }
  }
}

ObjectNode::ObjectNode(const Node& node, std::span<const std::string_view> known)
    : ObjectNode(node, RepeatedKeys::kWarn) {
  for (const auto& [key, value] : fields_) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      node.diag().fail(unknownFieldMessage(node.path(), key, known));
    }
  }
}

ObjectNode ObjectNode::anyKeys(const Node& node) { return ObjectNode(node, RepeatedKeys::kWarn); }

ObjectNode ObjectNode::quiet(const Node& node) { return ObjectNode(node, RepeatedKeys::kQuiet); }

std::optional<Node> ObjectNode::get(std::string_view key) const {
  for (const auto& [name, value] : fields_) {
    if (name == key) return value;
  }
  return std::nullopt;
}

Node ObjectNode::required(std::string_view key, std::string_view hint) const {
  if (auto value = get(key)) return *value;
  std::string path =
      node_.path().empty() ? std::string(key) : node_.path() + "." + std::string(key);
  std::string message = "field " + inQuotes(path) + " is required";
  if (!hint.empty()) message += ": " + std::string(hint);
  node_.diag().fail(message);
}

std::optional<std::string> ObjectNode::optionalString(std::string_view key) const {
  if (auto value = get(key)) return value->string();
  return std::nullopt;
}

std::optional<bool> ObjectNode::optionalBool(std::string_view key) const {
  if (auto value = get(key)) return value->boolean();
  return std::nullopt;
}

std::optional<int64_t> ObjectNode::optionalInteger(std::string_view key) const {
  if (auto value = get(key)) return value->integer();
  return std::nullopt;
}

std::optional<double> ObjectNode::optionalNumber(std::string_view key) const {
  if (auto value = get(key)) return value->number();
  return std::nullopt;
}

std::vector<std::string> ObjectNode::stringArray(std::string_view key) const {
  if (auto value = get(key)) return value->stringArray();
  return {};
}

}  // namespace edged::config::detail
