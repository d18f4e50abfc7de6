#pragma once
// list()'s options turned into one key range, as workerd does (api/actor-state.c++ list()):
// `startAfter` becomes the key right after it, `prefix` narrows start and end to the keys that
// begin with it. The range is empty (nullopt) when no key can match.

#include <optional>
#include <string>

#include "edged/bindings/durable_objects/object_storage.h"

namespace edged::bindings::durable_objects {

struct KeyRange {
  std::string start;               // inclusive
  std::optional<std::string> end;  // exclusive; none: to the last key
};

// TypeError for both start and startAfter, or a limit that is not positive (workerd's texts).
StorageResult<std::optional<KeyRange>> listRange(const ListOptions& options);

}  // namespace edged::bindings::durable_objects
