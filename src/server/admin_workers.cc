// The admin listener's Workers script routes (upload, list, settings, delete, secrets) and the
// WorkerAdminContext every Workers route shares (admin_worker_context.h), in Cloudflare's v4
// shapes and response envelope.
// Handlers run on the admin loop thread; a deploy starts the new version on every serving thread
// before it takes traffic (WorkerRegistry), so no request ever waits for a cold isolate.

#include <simdjson.h>

#include <chrono>

#include "edged/server/admin_server.h"
#include "edged/server/admin_worker_context.h"
#include "edged/server/deployed_workers.h"
#include "edged/server/multipart_form.h"
#include "edged/server/script_upload.h"
#include "edged/server/worker_registry.h"
#include "edged/util/json_escape.h"

namespace edged::server {

std::optional<DeployedWorker> WorkerAdminContext::worker(const AdminRequest& request,
                                                         AdminResponse* answer) const {
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

std::optional<WorkerAdminContext::Upload> WorkerAdminContext::upload(const AdminRequest& request,
                                                                     AdminResponse* answer) {
  const std::string& name = request.params.at("script_name");
  if (!DeploymentStore::validName(name)) {
    *answer = apiError(400, 10016,
                       "Invalid Worker name \"" + name +
                           "\": use lower-case letters, digits, \"-\" and \"_\", at most 63.");
    return std::nullopt;
  }
  auto parts = parseMultipartForm(headerValue(request, "Content-Type"), request.body);
  if (!parts.ok()) {
    *answer = apiError(400, 10021, parts.error().message);
    return std::nullopt;
  }
  auto existing = store.read(name);
  if (!existing.ok()) {
    *answer = apiError(500, 10013, existing.error().message);
    return std::nullopt;
  }
  WorkerHistory history = existing->has_value() ? (*existing)->history : WorkerHistory{};
  auto parsed = parseScriptUpload(name, parts.value(), history);
  if (!parsed.ok()) {
    *answer = apiError(400, 10021, parsed.error().message);
    return std::nullopt;
  }
  auto version = store.addVersion(name, parsed.value(), requestSource(request));
  if (!version.ok()) {
    *answer = apiError(500, 10013, version.error().message);
    return std::nullopt;
  }
  auto written = store.read(name);
  if (!written.ok() || !written->has_value()) {
    *answer = apiError(500, 10013, "the new version vanished");
    return std::nullopt;
  }
  return Upload{std::move(**written), std::move(version).value()};
}

AdminResponse WorkerAdminContext::remove(const AdminRequest& request) {
  AdminResponse answer;
  auto found = worker(request, &answer);
  if (!found) return answer;
  registry->remove(found->name);
  if (Status removed = store.remove(found->name); !removed.ok()) {
    return apiError(500, 10013, removed.error().message);
  }
  return apiResult("null");
}

Status WorkerAdminContext::serve(const DeployedWorker& worker, const std::string& id) {
  auto version = buildDeployedVersion(store, worker, id, data_dir);
  if (!version.ok()) return version.error();
  return registry->activate(std::move(version).value());
}

std::string requestSource(const AdminRequest& request) {
  return headerValue(request, "User-Agent").starts_with("wrangler/") ? "wrangler" : "api";
}

std::string migrationTag(const DeployedWorker& worker) {
  if (worker.history.migrations.empty()) return {};
  simdjson::dom::parser parser;
  std::string_view tag;
  if (parser.parse(worker.history.migrations.back())["tag"].get(tag) != simdjson::SUCCESS)
    return {};
  return std::string(tag);
}

std::string scriptJson(const DeployedWorker& worker) {
  int64_t created = worker.versions.empty() ? 0 : worker.versions.front().created_ms;
  int64_t modified = created;
  std::string source = "api";
  for (const DeployedVersion& v : worker.versions) {
    if (v.id == worker.current) modified = v.created_ms;
    if (v.id == worker.current) source = v.source;
  }
  std::string json =
      "{\"id\":" + jsonQuote(worker.name) + ",\"tag\":" + jsonQuote(worker.name) +
      ",\"etag\":" + jsonQuote(worker.current) + ",\"created_on\":" + jsonQuote(apiTime(created)) +
      ",\"modified_on\":" + jsonQuote(apiTime(modified)) +
      ",\"last_deployed_from\":" + jsonQuote(source) + ",\"usage_model\":\"standard\"";
  if (std::string tag = migrationTag(worker); !tag.empty())
    json += ",\"migration_tag\":" + jsonQuote(tag);
  return json + "}";
}

std::string bindingsJson(const std::string& metadata_json,
                         const std::map<std::string, std::string>& secrets) {
  simdjson::dom::parser parser;
  simdjson::dom::array list;
  std::string bindings = "[";
  if (parser.parse(metadata_json)["bindings"].get(list) == simdjson::SUCCESS) {
    for (simdjson::dom::element b : list) {
      std::string_view type, binding_name;
      if (b["type"].get(type) != simdjson::SUCCESS) type = {};
      if (b["name"].get(binding_name) != simdjson::SUCCESS) binding_name = {};
      // A secret the Worker still has is listed once, below.
      if (type == "secret_text" && secrets.contains(std::string(binding_name))) continue;
      std::string entry =
          type == "secret_text"
              ? "{\"type\":\"secret_text\",\"name\":" + jsonQuote(binding_name) + "}"
              : simdjson::minify(b);
      bindings += (bindings.size() > 1 ? "," : "") + entry;
    }
  }
  for (const auto& [key, value] : secrets) {
    bindings += (bindings.size() > 1 ? "," : "") +
                std::string("{\"type\":\"secret_text\",\"name\":") + jsonQuote(key) + "}";
  }
  return bindings + "]";
}

namespace {

constexpr const char* kScripts = "/client/v4/accounts/:account_id/workers/scripts";

// PUT …/scripts/:name: a new version that serves at once (`wrangler deploy` of a new Worker,
// or of one whose Durable Object migrations changed).
void deploy(WorkerAdminContext& ctx, AdminRequest request, AdminRespond respond) {
  AdminResponse answer;
  auto upload = ctx.upload(request, &answer);
  if (!upload) return respond(answer);
  const std::string& name = upload->worker.name;
  const std::string& id = upload->version.id;
  auto started = std::chrono::steady_clock::now();
  if (Status served = ctx.serve(upload->worker, id); !served.ok()) {
    (void)ctx.store.dropVersion(name, id);
    return respond(apiError(400, 10021, served.error().message));
  }
  auto startup_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  simdjson::dom::parser parser;
  std::string_view message;
  if (parser.parse(upload->version.metadata_json)["annotations"]["workers/message"].get(message) !=
      simdjson::SUCCESS) {
    message = {};
  }
  DeploymentCause cause{upload->version.source, "upload", std::string(message)};
  if (Status current = ctx.store.setCurrent(name, id, cause); !current.ok()) {
    return respond(apiError(500, 10013, current.error().message));
  }
  upload->worker.current = id;
  std::string json = scriptJson(upload->worker);
  json.pop_back();
  respond(apiResult(json + ",\"deployment_id\":" + jsonQuote(id) +
                    ",\"startup_time_ms\":" + std::to_string(startup_ms.count()) + "}"));
}

void addScriptRoutes(AdminServer& admin, std::shared_ptr<WorkerAdminContext> ctx) {
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
    respond(apiResult("[" + list + "]"));
  });
  admin.addRoute("GET", one + "/settings", [ctx](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    std::string metadata = "{}";
    for (const DeployedVersion& v : worker->versions) {
      if (v.id == worker->current) metadata = v.metadata_json;
    }
    respond(apiResult("{\"id\":" + jsonQuote(worker->name) + ",\"version_id\":" + jsonQuote(worker->current) +
                      ",\"bindings\":" + bindingsJson(metadata, worker->secrets) + "}"));
  });
  admin.addRoute("DELETE", one, [ctx](AdminRequest request, AdminRespond respond) {
    respond(ctx->remove(request));
  });
}

void addSecretRoutes(AdminServer& admin, std::shared_ptr<WorkerAdminContext> ctx) {
  std::string secrets = std::string(kScripts) + "/:script_name/secrets";
  // A secret change takes effect at once: the current version restarts with the new value, a
  // deployment triggered by "secret" as on Cloudflare (where it also makes a copy of the version;
  // edged keeps secrets beside the versions, so the version stays the same).
  auto reserve = [ctx](const std::string& name, const AdminRequest& request) -> Status {
    auto worker = ctx->store.read(name);
    if (!worker.ok()) return worker.error();
    if (!worker->has_value() || (*worker)->current.empty()) return Ok{};
    if (Status served = ctx->serve(**worker, (*worker)->current); !served.ok()) return served;
    return ctx->store.setCurrent(name, (*worker)->current, {requestSource(request), "secret", ""});
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
    if (Status served = reserve(worker->name, request); !served.ok()) return respond(apiError(400, 10021, served.error().message));
    respond(apiResult("{\"name\":" + jsonQuote(key) + ",\"type\":\"secret_text\"}"));
  });
  admin.addRoute("GET", secrets, [ctx](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    std::string list;
    for (const auto& [key, value] : worker->secrets) {
      list += (list.empty() ? "" : ",") + std::string("{\"name\":") + jsonQuote(key) + ",\"type\":\"secret_text\"}";
    }
    respond(apiResult("[" + list + "]"));
  });
  admin.addRoute("DELETE", secrets + "/:secret_name", [ctx, reserve](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    auto deleted = ctx->store.deleteSecret(worker->name, request.params.at("secret_name"));
    if (!deleted.ok()) return respond(apiError(500, 10013, deleted.error().message));
    if (!deleted.value()) return respond(apiError(404, 10056, "Secret not found"));
    if (Status served = reserve(worker->name, request); !served.ok()) return respond(apiError(400, 10021, served.error().message));
    respond(apiResult("null"));
  });
}

}  // namespace

void addWorkerRoutes(AdminServer& admin, WorkerRegistry& registry,
                     const std::filesystem::path& data_dir) {
  auto ctx = std::make_shared<WorkerAdminContext>(
      WorkerAdminContext{&registry, DeploymentStore(data_dir), data_dir});
  addScriptRoutes(admin, ctx);
  addSecretRoutes(admin, ctx);
  addVersionRoutes(admin, ctx);
  addScheduleRoutes(admin, ctx);
  addScriptSettingsRoutes(admin, ctx);
  addAccountRoutes(admin, ctx);
}

}  // namespace edged::server
