#pragma once
// The one table of native operations runtime JS can call (runtime-js/README.md). The snapshot
// generator and every isolate use this same table: V8 requires identical external references
// when a snapshot is created and when it is loaded.

#include "edged/runtime/native_op.h"

namespace edged::ops {

runtime::NativeOpTable nativeOps();

}  // namespace edged::ops
