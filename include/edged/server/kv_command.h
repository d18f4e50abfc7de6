#pragma once
// `edged kv key put|get|list|delete`: a Worker project's KV namespaces in the local data
// directory, with wrangler's argument shapes (`wrangler kv key … --local`).

namespace edged::server {

// argv[0] is the program, argv[1] "kv". Returns the process exit code.
int runKvCommand(int argc, char** argv);

// The usage lines of `edged kv`, for `edged --help`.
extern const char* const kKvUsage;

}  // namespace edged::server
