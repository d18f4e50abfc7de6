#pragma once
// `edged d1 execute` and `edged d1 migrations apply`: a Worker project's D1 databases in the
// local data directory, with wrangler's argument shapes (`wrangler d1 … --local`).

namespace edged::server {

// argv[0] is the program, argv[1] "d1". Returns the process exit code.
int runD1Command(int argc, char** argv);

// The usage lines of `edged d1`, for `edged --help`.
extern const char* const kD1Usage;

}  // namespace edged::server
