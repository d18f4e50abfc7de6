// The admin listener's script settings of a deployed Worker (Cloudflare's GET/PATCH
// …/workers/scripts/:name/script-settings, which `wrangler deploy` patches after each deploy with
// the config's tail_consumers, logpush, observability and service/environment tags). They are
// kept and reported as Cloudflare does; none changes what edged runs: edged has no Logpush, no
// tail consumers and no dashboard to group tags in, and a version's observability comes with its
// upload (script_upload.cc), which wrangler sends too.

#include <simdjson.h>

#include <algorithm>

#include "edged/server/admin_server.h"
#include "edged/server/admin_worker_context.h"

namespace edged::server {
namespace {

// What the settings are made of, and the JSON each one takes (null clears it).
bool validSetting(std::string_view key, simdjson::dom::element value) {
  if (value.is_null()) return true;
  if (key == "logpush") return value.is_bool();
  if (key == "observability") return value.is_object();
  if (key == "tail_consumers" || key == "tags") return value.is_array();
  return false;
}

constexpr std::string_view kKeys[] = {"logpush", "observability", "tail_consumers", "tags"};

// `stored` with the PATCH body's settings over it; Cloudflare's shape, every key present.
Result<std::string> merged(std::string_view stored, const std::string& patch) {
  simdjson::dom::parser old_parser, patch_parser;
  simdjson::dom::object old_object, patch_object;
  if (old_parser.parse(stored).get(old_object) != simdjson::SUCCESS) old_object = {};
  if (patch_parser.parse(patch).get(patch_object) != simdjson::SUCCESS) {
    return makeError("expected a JSON object of script settings");
  }
  for (auto [key, value] : patch_object) {
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      return makeError("unknown script setting \"" + std::string(key) + "\"");
    }
    if (!validSetting(key, value)) {
      return makeError("script setting \"" + std::string(key) + "\" has the wrong type");
    }
  }
  std::string out = "{";
  for (std::string_view key : kKeys) {
    simdjson::dom::element value;
    std::string json = key == "logpush" ? "false" : "null";
    if (patch_object[key].get(value) == simdjson::SUCCESS) {
      json = simdjson::minify(value);
    } else if (old_object[key].get(value) == simdjson::SUCCESS) {
      json = simdjson::minify(value);
    }
    out += (out.size() > 1 ? "," : "") + std::string("\"") + std::string(key) + "\":" + json;
  }
  return out + "}";
}

void answer(WorkerAdminContext& ctx, const AdminRequest& request, const AdminRespond& respond,
            bool patch) {
  AdminResponse refused;
  auto worker = ctx.worker(request, &refused);
  if (!worker) return respond(refused);
  Result<std::string> stored = ctx.store.scriptSettings(worker->name);
  if (!stored.ok()) return respond(apiError(500, 10013, stored.error().message));
  Result<std::string> settings = merged(stored.value(), patch ? request.body : "{}");
  if (!settings.ok()) return respond(apiError(400, 10014, settings.error().message));
  if (patch) {
    if (Status saved = ctx.store.setScriptSettings(worker->name, settings.value()); !saved.ok()) {
      return respond(apiError(500, 10013, saved.error().message));
    }
  }
  respond(apiResult(settings.value()));
}

}  // namespace

void addScriptSettingsRoutes(AdminServer& admin, std::shared_ptr<WorkerAdminContext> ctx) {
  std::string path = "/client/v4/accounts/:account_id/workers/scripts/:script_name/script-settings";
  admin.addRoute("GET", path, [ctx](AdminRequest request, AdminRespond respond) {
    answer(*ctx, request, respond, false);
  });
  admin.addRoute("PATCH", path, [ctx](AdminRequest request, AdminRespond respond) {
    answer(*ctx, request, respond, true);
  });
}

}  // namespace edged::server
