// The admin listener's versions and deployments routes (Cloudflare's Workers Versions API), the
// calls behind `wrangler deploy` of an existing Worker (upload a version, then deploy it),
// `wrangler versions upload/deploy`, `wrangler deployments list` and `wrangler rollback`.
// edged serves one version at a time: a deployment names one version at 100%.

#include <simdjson.h>

#include "edged/server/admin_server.h"
#include "edged/server/admin_worker_context.h"
#include "edged/server/deployed_workers.h"
#include "edged/util/json_escape.h"

namespace edged::server {
namespace {

constexpr const char* kScript = "/client/v4/accounts/:account_id/workers/scripts/:script_name";
// `wrangler deployments list` shows the latest ten, as Cloudflare returns them.
constexpr size_t kDeploymentsListed = 10;

// The index of version `id` in `worker.versions` (its number is that plus one), or -1.
ptrdiff_t versionIndex(const DeployedWorker& worker, std::string_view id) {
  for (size_t i = 0; i < worker.versions.size(); ++i) {
    if (worker.versions[i].id == id) return static_cast<ptrdiff_t>(i);
  }
  return -1;
}

// The version's "workers/message" and "workers/tag" annotations from its upload metadata.
std::string versionAnnotations(const DeployedVersion& version) {
  std::string json = "{";
  simdjson::dom::parser parser;
  simdjson::dom::object annotations;
  if (parser.parse(version.metadata_json)["annotations"].get(annotations) == simdjson::SUCCESS) {
    for (const char* key : {"workers/message", "workers/tag"}) {
      std::string_view value;
      if (annotations[key].get(value) != simdjson::SUCCESS) continue;
      json += (json.size() > 1 ? "," : "") + jsonQuote(key) + ":" + jsonQuote(value);
    }
  }
  return json + "}";
}

std::string versionJson(const DeployedWorker& worker, size_t index) {
  const DeployedVersion& v = worker.versions[index];
  simdjson::dom::parser parser;
  simdjson::dom::element metadata;
  std::string runtime = "{}";
  if (parser.parse(v.metadata_json).get(metadata) == simdjson::SUCCESS) {
    std::string_view date;
    simdjson::dom::array flags;
    runtime =
        "{\"compatibility_date\":" +
        jsonQuote(metadata["compatibility_date"].get(date) == simdjson::SUCCESS ? date : "") +
        ",\"compatibility_flags\":" +
        (metadata["compatibility_flags"].get(flags) == simdjson::SUCCESS ? simdjson::minify(flags)
                                                                         : "[]") +
        "}";
  }
  std::string created = jsonQuote(apiTime(v.created_ms));
  return "{\"id\":" + jsonQuote(v.id) + ",\"number\":" + std::to_string(index + 1) +
         ",\"metadata\":{\"created_on\":" + created + ",\"modified_on\":" + created +
         ",\"source\":" + jsonQuote(v.source) +
         ",\"author_email\":\"\"},\"annotations\":" + versionAnnotations(v) +
         ",\"resources\":{\"script\":{\"etag\":" + jsonQuote(v.id) +
         "},\"script_runtime\":" + runtime + ",\"bindings\":" + bindingsJson(v.metadata_json, {}) +
         "}}";
}

std::string deploymentJson(const DeploymentRecord& d) {
  std::string annotations = "{\"workers/triggered_by\":" + jsonQuote(d.cause.triggered_by);
  if (!d.cause.message.empty()) annotations += ",\"workers/message\":" + jsonQuote(d.cause.message);
  return "{\"id\":" + jsonQuote(d.id) + ",\"created_on\":" + jsonQuote(apiTime(d.created_ms)) +
         ",\"source\":" + jsonQuote(d.cause.source) +
         ",\"strategy\":\"percentage\",\"author_email\":\"\",\"annotations\":" + annotations +
         "},\"versions\":[{\"version_id\":" + jsonQuote(d.version_id) + ",\"percentage\":100}]}";
}

// Cloudflare's "workers/triggered_by" of a deployment that serves an existing version:
// "rollback" when a newer version served before, "promotion" when this one did, else "upload"
// (its first deployment, as in `wrangler deploy` of an existing Worker).
std::string deploymentTrigger(const DeployedWorker& worker, std::string_view id) {
  ptrdiff_t chosen = versionIndex(worker, id);
  for (const DeploymentRecord& d : worker.deployments) {
    if (versionIndex(worker, d.version_id) > chosen) return "rollback";
  }
  for (const DeploymentRecord& d : worker.deployments) {
    if (d.version_id == id) return "promotion";
  }
  return "upload";
}

void listVersions(WorkerAdminContext& ctx, const AdminRequest& request,
                  const AdminRespond& respond) {
  AdminResponse answer;
  auto worker = ctx.worker(request, &answer);
  if (!worker) return respond(answer);
  std::string items;
  for (size_t i = worker->versions.size(); i-- > 0;)
    items += (items.empty() ? "" : ",") + versionJson(*worker, i);
  respond(apiResult("{\"items\":[" + items + "]}"));
}

void getVersion(WorkerAdminContext& ctx, const AdminRequest& request, const AdminRespond& respond) {
  AdminResponse answer;
  auto worker = ctx.worker(request, &answer);
  if (!worker) return respond(answer);
  ptrdiff_t index = versionIndex(*worker, request.params.at("version_id"));
  if (index < 0)
    return respond(
        apiError(404, 10215, "Version \"" + request.params.at("version_id") + "\" not found"));
  respond(apiResult(versionJson(*worker, static_cast<size_t>(index))));
}

// POST …/versions: a new version that does not serve yet (`wrangler versions upload`, and the
// first half of `wrangler deploy` for an existing Worker). It is built now, so a config the
// deploy would refuse is refused here.
void uploadVersion(WorkerAdminContext& ctx, const AdminRequest& request,
                   const AdminRespond& respond) {
  AdminResponse answer;
  auto upload = ctx.upload(request, &answer);
  if (!upload) return respond(answer);
  auto built = buildDeployedVersion(ctx.store, upload->worker, upload->version.id, ctx.data_dir);
  if (!built.ok()) {
    (void)ctx.store.dropVersion(upload->worker.name, upload->version.id);
    return respond(apiError(400, 10021, built.error().message));
  }
  ptrdiff_t index = versionIndex(upload->worker, upload->version.id);
  respond(apiResult(versionJson(upload->worker, static_cast<size_t>(index))));
}

void listDeployments(WorkerAdminContext& ctx, const AdminRequest& request,
                     const AdminRespond& respond) {
  AdminResponse answer;
  auto worker = ctx.worker(request, &answer);
  if (!worker) return respond(answer);
  std::string list;
  const auto& all = worker->deployments;
  for (size_t i = all.size(); i-- > 0 && all.size() - i <= kDeploymentsListed;) {
    list += (list.empty() ? "" : ",") + deploymentJson(all[i]);
  }
  respond(apiResult("{\"deployments\":[" + list + "]}"));
}

// POST …/deployments: serve another version (`wrangler versions deploy`, `wrangler rollback`).
void createDeployment(WorkerAdminContext& ctx, const AdminRequest& request,
                      const AdminRespond& respond) {
  AdminResponse answer;
  auto worker = ctx.worker(request, &answer);
  if (!worker) return respond(answer);
  simdjson::dom::parser parser;
  simdjson::dom::element body;
  simdjson::dom::array versions;
  std::string_view id, message;
  double percentage = 100;
  if (parser.parse(request.body).get(body) != simdjson::SUCCESS ||
      body["versions"].get(versions) != simdjson::SUCCESS || versions.size() != 1 ||
      versions.at(0)["version_id"].get(id) != simdjson::SUCCESS) {
    return respond(apiError(
        400, 10021, "expected {\"versions\": [{\"version_id\": \"...\", \"percentage\": 100}]}"));
  }
  if (versions.at(0)["percentage"].get(percentage) != simdjson::SUCCESS) percentage = 100;
  if (percentage != 100) {
    return respond(
        apiError(400, 10021, "edged serves one version at a time: percentage must be 100"));
  }
  if (body["annotations"]["workers/message"].get(message) != simdjson::SUCCESS) message = {};
  if (versionIndex(*worker, id) < 0)
    return respond(apiError(404, 10215, "Version \"" + std::string(id) + "\" not found"));
  if (Status served = ctx.serve(*worker, std::string(id)); !served.ok()) {
    return respond(apiError(400, 10021, served.error().message));
  }
  DeploymentCause cause{requestSource(request), deploymentTrigger(*worker, id),
                        std::string(message)};
  if (Status current = ctx.store.setCurrent(worker->name, std::string(id), cause); !current.ok()) {
    return respond(apiError(500, 10013, current.error().message));
  }
  auto written = ctx.store.read(worker->name);
  if (!written.ok() || !written->has_value() || (*written)->deployments.empty()) {
    return respond(apiError(500, 10013, "the deployment was not recorded"));
  }
  respond(apiResult(deploymentJson((*written)->deployments.back())));
}

}  // namespace

void addVersionRoutes(AdminServer& admin, std::shared_ptr<WorkerAdminContext> ctx) {
  std::string script = kScript;
  admin.addRoute("GET", script + "/versions", [ctx](AdminRequest request, AdminRespond respond) {
    listVersions(*ctx, request, respond);
  });
  admin.addRoute("POST", script + "/versions", [ctx](AdminRequest request, AdminRespond respond) {
    uploadVersion(*ctx, request, respond);
  });
  admin.addRoute(
      "GET", script + "/versions/:version_id",
      [ctx](AdminRequest request, AdminRespond respond) { getVersion(*ctx, request, respond); });
  admin.addRoute("GET", script + "/deployments", [ctx](AdminRequest request, AdminRespond respond) {
    listDeployments(*ctx, request, respond);
  });
  admin.addRoute("POST", script + "/deployments",
                 [ctx](AdminRequest request, AdminRespond respond) {
                   createDeployment(*ctx, request, respond);
                 });
}

}  // namespace edged::server
