// The admin listener's Workers routes: the subset of Cloudflare's v4 API for scripts that
// deploying, inspecting, rolling back and deleting Workers needs, with its response envelope.
// Handlers run on the admin loop thread; a deploy starts the new version on every serving thread
// before it takes traffic (WorkerRegistry), so no request ever waits for a cold isolate.

#include <simdjson.h>

#include "edged/server/admin_server.h"
#include "edged/server/deployed_workers.h"
#include "edged/server/multipart_form.h"
#include "edged/server/script_upload.h"
#include "edged/server/worker_registry.h"
#include "edged/util/json_escape.h"

namespace edged::server {
namespace {

constexpr const char* kScripts = "/client/v4/accounts/:account_id/workers/scripts";

AdminResponse ok(const std::string& result) {
  return {200, "application/json", "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + result + "}"};
}

std::string isoTime(int64_t ms) {
  time_t seconds = static_cast<time_t>(ms / 1000);
  tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  return std::string(buffer) + "." + std::to_string(1000 + ms % 1000).substr(1) + "Z";
}

std::string headerValue(const AdminRequest& request, std::string_view name) {
  for (const net::HttpHeader& h : request.headers) {
    if (h.name.size() == name.size() && strncasecmp(h.name.c_str(), name.data(), name.size()) == 0) return h.value;
  }
  return {};
}

std::string scriptJson(const DeployedWorker& worker) {
  int64_t created = worker.versions.empty() ? 0 : worker.versions.front().created_ms;
  int64_t modified = created;
  for (const DeployedVersion& v : worker.versions) {
    if (v.id == worker.current) modified = v.created_ms;
  }
  return "{\"id\":" + jsonQuote(worker.name) + ",\"etag\":" + jsonQuote(worker.current) +
         ",\"created_on\":" + jsonQuote(isoTime(created)) + ",\"modified_on\":" + jsonQuote(isoTime(modified)) + "}";
}

// The routes share these; they outlive the admin server (serve() owns both).
struct Context {
  WorkerRegistry* registry;
  DeploymentStore store;
  std::filesystem::path data_dir;

  // The Worker named in the path, or the answer to give when there is none.
  std::optional<DeployedWorker> worker(const AdminRequest& request, AdminResponse* answer) const {
    auto read = store.read(request.params.at("script_name"));
    if (!read.ok()) {
      *answer = apiError(500, 10013, read.error().message);
      return std::nullopt;
    }
    if (!read->has_value()) {
      *answer = apiError(404, 10007, "This Worker does not exist on your account.");
      return std::nullopt;
    }
    return std::move(read).value();
  }

  // Builds version `id` of `worker` and serves it everywhere.
  Status serve(const DeployedWorker& worker, const std::string& id) {
    auto version = buildDeployedVersion(store, worker, id, data_dir);
    if (!version.ok()) return version.error();
    return registry->activate(std::move(version).value());
  }
};

void deploy(Context& ctx, AdminRequest request, AdminRespond respond) {
  const std::string& name = request.params.at("script_name");
  if (!DeploymentStore::validName(name)) {
    return respond(apiError(400, 10016, "Invalid Worker name \"" + name +
                                            "\": use lower-case letters, digits, \"-\" and \"_\", at most 63."));
  }
  auto parts = parseMultipartForm(headerValue(request, "Content-Type"), request.body);
  if (!parts.ok()) return respond(apiError(400, 10021, parts.error().message));
  auto existing = ctx.store.read(name);
  if (!existing.ok()) return respond(apiError(500, 10013, existing.error().message));
  WorkerHistory history = existing->has_value() ? (*existing)->history : WorkerHistory{};
  auto upload = parseScriptUpload(name, parts.value(), history);
  if (!upload.ok()) return respond(apiError(400, 10021, upload.error().message));
  auto version = ctx.store.addVersion(name, upload.value());
  if (!version.ok()) return respond(apiError(500, 10013, version.error().message));
  auto written = ctx.store.read(name);
  if (!written.ok() || !written->has_value()) return respond(apiError(500, 10013, "the new version vanished"));
  if (Status served = ctx.serve(**written, version->id); !served.ok()) {
    (void)ctx.store.dropVersion(name, version->id);
    return respond(apiError(400, 10021, served.error().message));
  }
  if (Status current = ctx.store.setCurrent(name, version->id); !current.ok()) {
    return respond(apiError(500, 10013, current.error().message));
  }
  (*written)->current = version->id;
  respond(ok(scriptJson(**written)));
}

void addScriptRoutes(AdminServer& admin, std::shared_ptr<Context> ctx) {
  std::string one = std::string(kScripts) + "/:script_name";
  admin.addRoute("PUT", one, [ctx](AdminRequest request, AdminRespond respond) {
    deploy(*ctx, std::move(request), std::move(respond));
  });
  admin.addRoute("GET", kScripts, [ctx](AdminRequest, AdminRespond respond) {
    std::string list;
    for (const std::string& name : ctx->store.workers()) {
      auto worker = ctx->store.read(name);
      if (worker.ok() && worker->has_value()) list += (list.empty() ? "" : ",") + scriptJson(**worker);
    }
    respond(ok("[" + list + "]"));
  });
  admin.addRoute("GET", one + "/settings", [ctx](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    std::string metadata = "{}";
    for (const DeployedVersion& v : worker->versions) {
      if (v.id == worker->current) metadata = v.metadata_json;
    }
    // Secret values never leave the server: secret_text bindings are listed by name only.
    simdjson::dom::parser parser;
    simdjson::dom::element parsed;
    std::string bindings = "[";
    simdjson::dom::array list;
    if (parser.parse(metadata).get(parsed) == simdjson::SUCCESS && parsed["bindings"].get(list) == simdjson::SUCCESS) {
      for (simdjson::dom::element b : list) {
        std::string_view type, binding_name;
        if (b["type"].get(type) != simdjson::SUCCESS) type = {};
        if (b["name"].get(binding_name) != simdjson::SUCCESS) binding_name = {};
        std::string entry = type == "secret_text"
                                ? "{\"type\":\"secret_text\",\"name\":" + jsonQuote(binding_name) + "}"
                                : simdjson::minify(b);
        bindings += (bindings.size() > 1 ? "," : "") + entry;
      }
    }
    for (const auto& [key, value] : worker->secrets) {
      bindings += (bindings.size() > 1 ? "," : "") + std::string("{\"type\":\"secret_text\",\"name\":") + jsonQuote(key) + "}";
    }
    respond(ok("{\"id\":" + jsonQuote(worker->name) + ",\"version_id\":" + jsonQuote(worker->current) +
               ",\"bindings\":" + bindings + "]}"));
  });
  admin.addRoute("DELETE", one, [ctx](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    ctx->registry->remove(worker->name);
    if (Status removed = ctx->store.remove(worker->name); !removed.ok()) {
      return respond(apiError(500, 10013, removed.error().message));
    }
    respond(ok("null"));
  });
}

void addVersionRoutes(AdminServer& admin, std::shared_ptr<Context> ctx) {
  std::string one = std::string(kScripts) + "/:script_name";
  admin.addRoute("GET", one + "/versions", [ctx](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    std::string items;
    for (size_t i = worker->versions.size(); i-- > 0;) {
      const DeployedVersion& v = worker->versions[i];
      items += (items.empty() ? "" : ",") + std::string("{\"id\":") + jsonQuote(v.id) + ",\"number\":" +
               std::to_string(i + 1) + ",\"metadata\":{\"created_on\":" + jsonQuote(isoTime(v.created_ms)) +
               ",\"source\":\"api\"}}";
    }
    respond(ok("{\"items\":[" + items + "]}"));
  });
  admin.addRoute("GET", one + "/deployments", [ctx](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    respond(ok("{\"deployments\":[{\"id\":" + jsonQuote(worker->current) +
               ",\"strategy\":\"percentage\",\"versions\":[{\"version_id\":" + jsonQuote(worker->current) +
               ",\"percentage\":100}]}]}"));
  });
  // A deployment names the version to serve: how a rollback is made.
  admin.addRoute("POST", one + "/deployments", [ctx](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    simdjson::dom::parser parser;
    simdjson::dom::element body;
    simdjson::dom::array versions;
    std::string_view id;
    double percentage = 100;
    if (parser.parse(request.body).get(body) != simdjson::SUCCESS ||
        body["versions"].get(versions) != simdjson::SUCCESS || versions.size() != 1 ||
        versions.at(0)["version_id"].get(id) != simdjson::SUCCESS) {
      return respond(apiError(400, 10021, "expected {\"versions\": [{\"version_id\": \"...\", \"percentage\": 100}]}"));
    }
    if (versions.at(0)["percentage"].get(percentage) != simdjson::SUCCESS) percentage = 100;
    if (percentage != 100) return respond(apiError(400, 10021, "edged serves one version at a time: percentage must be 100"));
    bool known = false;
    for (const DeployedVersion& v : worker->versions) known = known || v.id == id;
    if (!known) return respond(apiError(404, 10215, "Version \"" + std::string(id) + "\" not found"));
    if (Status served = ctx->serve(*worker, std::string(id)); !served.ok()) {
      return respond(apiError(400, 10021, served.error().message));
    }
    if (Status current = ctx->store.setCurrent(worker->name, std::string(id)); !current.ok()) {
      return respond(apiError(500, 10013, current.error().message));
    }
    respond(ok("{\"id\":" + jsonQuote(id) + ",\"strategy\":\"percentage\",\"versions\":[{\"version_id\":" +
               jsonQuote(id) + ",\"percentage\":100}]}"));
  });
}

void addSecretRoutes(AdminServer& admin, std::shared_ptr<Context> ctx) {
  std::string secrets = std::string(kScripts) + "/:script_name/secrets";
  // A secret change takes effect at once: the current version restarts with the new value.
  auto reserve = [ctx](const std::string& name) -> Status {
    auto worker = ctx->store.read(name);
    if (!worker.ok()) return worker.error();
    if (!worker->has_value() || (*worker)->current.empty()) return Ok{};
    return ctx->serve(**worker, (*worker)->current);
  };
  admin.addRoute("PUT", secrets, [ctx, reserve](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    simdjson::dom::parser parser;
    simdjson::dom::element body;
    std::string_view key, text, type = "secret_text";
    if (parser.parse(request.body).get(body) != simdjson::SUCCESS || body["name"].get(key) != simdjson::SUCCESS ||
        body["text"].get(text) != simdjson::SUCCESS || key.empty()) {
      return respond(apiError(400, 10021, "expected {\"name\": \"...\", \"text\": \"...\", \"type\": \"secret_text\"}"));
    }
    if (body["type"].get(type) != simdjson::SUCCESS) type = "secret_text";
    if (type != "secret_text") return respond(apiError(400, 10021, "only secret_text secrets are supported"));
    if (Status put = ctx->store.putSecret(worker->name, std::string(key), std::string(text)); !put.ok()) {
      return respond(apiError(500, 10013, put.error().message));
    }
    if (Status served = reserve(worker->name); !served.ok()) return respond(apiError(400, 10021, served.error().message));
    respond(ok("{\"name\":" + jsonQuote(key) + ",\"type\":\"secret_text\"}"));
  });
  admin.addRoute("GET", secrets, [ctx](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    std::string list;
    for (const auto& [key, value] : worker->secrets) {
      list += (list.empty() ? "" : ",") + std::string("{\"name\":") + jsonQuote(key) + ",\"type\":\"secret_text\"}";
    }
    respond(ok("[" + list + "]"));
  });
  admin.addRoute("DELETE", secrets + "/:secret_name", [ctx, reserve](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    auto deleted = ctx->store.deleteSecret(worker->name, request.params.at("secret_name"));
    if (!deleted.ok()) return respond(apiError(500, 10013, deleted.error().message));
    if (!deleted.value()) return respond(apiError(404, 10056, "Secret not found"));
    if (Status served = reserve(worker->name); !served.ok()) return respond(apiError(400, 10021, served.error().message));
    respond(ok("null"));
  });
}

}  // namespace

void addWorkerRoutes(AdminServer& admin, WorkerRegistry& registry, const std::filesystem::path& data_dir) {
  auto ctx = std::make_shared<Context>(Context{&registry, DeploymentStore(data_dir), data_dir});
  addScriptRoutes(admin, ctx);
  addVersionRoutes(admin, ctx);
  addSecretRoutes(admin, ctx);
}

}  // namespace edged::server
