#pragma once
// The runtime snapshot built by edged_snapshot_gen at build time, linked into the binary.

#include <string_view>

namespace edged::ops {

std::string_view embeddedSnapshot();

}  // namespace edged::ops
