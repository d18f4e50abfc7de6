#include "edged/bindings/hyperdrive/hyperdrive_bindings.h"

#include "edged/bindings/hyperdrive/connection_url.h"
#include "edged/bindings/hyperdrive/pooling_endpoint.h"
#include "edged/util/json_escape.h"

namespace edged::bindings::hyperdrive {

Status checkHyperdriveConfig(const config::WorkerConfig& worker) {
  const std::string file = worker.config_path.filename().string();
  for (size_t i = 0; i < worker.hyperdrive.size(); ++i) {
    const config::HyperdriveBinding& binding = worker.hyperdrive[i];
    std::string field = "hyperdrive[" + std::to_string(i) + "]";
    if (!binding.local_connection_string) {
      return makeError(file + ": field \"" + field + ".localConnectionString\" is not set and neither is the " +
                       "environment variable CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_" + binding.binding +
                       ": Hyperdrive binding \"" + binding.binding +
                       "\" needs the connection string of the PostgreSQL database it pools");
    }
    auto url = parseConnectionUrl(*binding.local_connection_string);
    if (!url.ok()) {
      return makeError(file + ": Hyperdrive binding \"" + binding.binding + "\" (" + field + "): " +
                       url.error().message);
    }
  }
  return Ok{};
}

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker) {
  std::vector<std::string> specs;
  std::shared_ptr<PoolingEndpoint> endpoint = PoolingEndpoint::published();
  for (const config::HyperdriveBinding& binding : worker.hyperdrive) {
    EndpointCredentials credentials;
    if (endpoint && binding.local_connection_string) {
      auto registered = endpoint->registerOrigin(binding.id, *binding.local_connection_string);
      if (registered.ok()) credentials = std::move(registered).value();
    }
    specs.push_back(R"({"type":"hyperdrive","name":)" + jsonQuote(binding.binding) + R"(,"host":)" +
                    jsonQuote(credentials.host) + R"(,"port":)" + std::to_string(credentials.port) +
                    R"(,"user":)" + jsonQuote(credentials.user) + R"(,"password":)" +
                    jsonQuote(credentials.password) + R"(,"database":)" + jsonQuote(credentials.database) +
                    R"(,"connectionString":)" + jsonQuote(credentials.connectionString()) + "}");
  }
  return specs;
}

}  // namespace edged::bindings::hyperdrive
