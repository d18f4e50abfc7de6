#pragma once
// What a Durable Object storage call returns: a value, or an error that says whose fault it is.
// A Worker's mistake (a key too large, bad SQL) reaches JavaScript as the TypeError, RangeError
// or Error workerd throws, with its text; anything else (disk full, a corrupt file) is kInternal
// and is logged with a reference id instead of being shown (STYLE.md, "Two kinds of error").

#include <string>
#include <utility>
#include <variant>

namespace edged::bindings::durable_objects {

struct StorageError {
  enum class Kind { kInternal, kError, kTypeError, kRangeError };
  Kind kind = Kind::kInternal;
  std::string message;
};

inline StorageError internalError(std::string message) {
  return {StorageError::Kind::kInternal, std::move(message)};
}
inline StorageError workerError(StorageError::Kind kind, std::string message) {
  return {kind, std::move(message)};
}

template <typename T>
class [[nodiscard]] StorageResult {
 public:
  StorageResult(T value) : state_(std::move(value)) {}
  StorageResult(StorageError error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const StorageError& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, StorageError> state_;
};

struct Done {};
using StorageStatus = StorageResult<Done>;

}  // namespace edged::bindings::durable_objects
