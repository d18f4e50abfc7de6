#pragma once
// `edged r2 object put|get|delete <bucket>/<key>`: an R2 bucket in the local data directory,
// with wrangler's argument shapes (`wrangler r2 object … --local`).

namespace edged::server {

// argv[0] is the program, argv[1] "r2". Returns the process exit code.
int runR2Command(int argc, char** argv);

// The usage lines of `edged r2`, for `edged --help`.
extern const char* const kR2Usage;

}  // namespace edged::server
