#pragma once
// The command line: `edged serve`, `edged check`, `edged test`, `edged --version`.

namespace edged::server {

// Parses argv and runs the command; returns the process exit code.
int run(int argc, char** argv);

}  // namespace edged::server
