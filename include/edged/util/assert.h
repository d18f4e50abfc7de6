#pragma once
// EDGED_ASSERT guards invariants in every build type: a broken invariant is a bug in edged,
// so it aborts with the location instead of continuing with corrupted state.

#include <cstdio>
#include <cstdlib>

#define EDGED_ASSERT(cond)                                                              \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "edged: assertion failed: %s at %s:%d\n", #cond, __FILE__, \
                   __LINE__);                                                           \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)
