#include "embedded_snapshot.h"

// Defined by embedded_snapshot.S, which .incbin's the generated blob.
extern "C" const char edged_snapshot_start[];
extern "C" const char edged_snapshot_end[];

namespace edged::ops {

std::string_view embeddedSnapshot() {
  return {edged_snapshot_start, static_cast<size_t>(edged_snapshot_end - edged_snapshot_start)};
}

}  // namespace edged::ops
