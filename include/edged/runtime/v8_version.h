#pragma once
// The one place that knows which V8 edged is built against (DESIGN.md: keep version checks
// here). Debian 12's libnode108 ships V8 10.2; newer distributions' libnode may ship 11.x.

#include <v8-version.h>

#define EDGED_V8_AT_LEAST(major, minor) \
  (V8_MAJOR_VERSION > (major) || (V8_MAJOR_VERSION == (major) && V8_MINOR_VERSION >= (minor)))

static_assert(EDGED_V8_AT_LEAST(10, 2), "edged needs V8 10.2 or newer (Debian libnode108)");
