#pragma once
// How the storage ops find the storage of an object: implemented by the Durable Object runtime
// (which owns the live objects of a realm), declared here so the ops do not depend on it.

#include <cstdint>

#include "edged/runtime/realm.h"

namespace edged::bindings::durable_objects {
class ObjectStorage;
// The storage of the live object `handle` in this realm, opened on first use; null when the handle is
// unknown (the op then throws).
ObjectStorage* findObjectStorage(runtime::Realm& realm, int32_t handle);
}  // namespace edged::bindings::durable_objects
