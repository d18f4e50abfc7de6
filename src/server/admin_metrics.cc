// GET /metrics on the admin listener: Prometheus scrapes it with the admin bearer token.
#include "edged/server/admin_server.h"
#include "edged/util/metrics.h"

namespace edged::server {

void addMetricsRoutes(AdminServer& admin) {
  admin.addRoute("GET", "/metrics", [](AdminRequest, AdminRespond respond) {
    respond({200, "text/plain; version=0.0.4; charset=utf-8",
             metrics::Registry::global().exposition()});
  });
}

}  // namespace edged::server
