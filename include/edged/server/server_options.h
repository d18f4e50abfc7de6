#pragma once
// `edged serve --config edged.jsonc`: the server configuration file as ServeOptions. A flag given
// on the command line wins over the file's value for the same setting.

#include <set>
#include <string>

#include "edged/config/server_config.h"
#include "edged/server/serve.h"

namespace edged::server {

// Copies `config` into `options`, skipping each setting whose flag ("--port", "--tls", …) is in
// `given`. Worker configs named on the command line come after the file's.
void applyServerConfig(const config::ServerConfig& config, const std::set<std::string, std::less<>>& given,
                       ServeOptions& options);

}  // namespace edged::server
