// The admin listener's answers to what wrangler asks about the account and about how a Worker
// is reached, around a deploy: the token, the account's workers.dev subdomain, a Worker's
// workers.dev switch and its service record. edged has one account (any :account_id names it)
// and no workers.dev: a deployed Worker always answers requests whose Host's first label is its
// name (`<name>.localhost`, `<name>.<anything>.workers.dev` pointed at edged), so the subdomain
// is "localhost" and the switch is always on; a request to turn it off is answered with the
// state that stays (docs/admin.md).

#include <simdjson.h>

#include "edged/server/admin_server.h"
#include "edged/server/admin_worker_context.h"
#include "edged/util/json_escape.h"

namespace edged::server {
namespace {

constexpr const char* kAccount = "/client/v4/accounts/:account_id";
constexpr const char* kSubdomain = "localhost";

// The workers.dev state of every deployed Worker.
constexpr const char* kScriptSubdomain = "{\"enabled\":true,\"previews_enabled\":false}";

void getService(WorkerAdminContext& ctx, AdminRequest request, const AdminRespond& respond) {
  request.params["script_name"] = request.params.at("service_name");
  AdminResponse answer;
  auto worker = ctx.worker(request, &answer);
  // wrangler tells a new Worker from an existing one by this code (10090: service not found).
  if (!worker) {
    return respond(answer.status == 404
                       ? apiError(404, 10090, "This Worker does not exist on your account.")
                       : answer);
  }
  std::string script = scriptJson(*worker);
  simdjson::dom::parser parser;
  std::string_view created, modified;
  simdjson::dom::element parsed;
  if (parser.parse(script).get(parsed) != simdjson::SUCCESS ||
      parsed["created_on"].get(created) != simdjson::SUCCESS ||
      parsed["modified_on"].get(modified) != simdjson::SUCCESS) {
    return respond(apiError(500, 10013, "cannot describe the Worker"));
  }
  std::string times =
      ",\"created_on\":" + jsonQuote(created) + ",\"modified_on\":" + jsonQuote(modified);
  respond(apiResult("{\"id\":" + jsonQuote(worker->name) + times +
                    ",\"default_environment\":{\"environment\":\"production\"" + times +
                    ",\"script\":" + script + "}}"));
}

}  // namespace

void addAccountRoutes(AdminServer& admin, std::shared_ptr<WorkerAdminContext> ctx) {
  std::string account = kAccount;
  // Reached only with the right token (the listener checks it first).
  admin.addRoute("GET", "/client/v4/user/tokens/verify", [](AdminRequest, AdminRespond respond) {
    respond(apiResult("{\"id\":\"edged-admin-token\",\"status\":\"active\"}"));
  });
  admin.addRoute("GET", account + "/workers/subdomain", [](AdminRequest, AdminRespond respond) {
    respond(apiResult("{\"subdomain\":" + jsonQuote(kSubdomain) + "}"));
  });
  auto scriptSubdomain = [ctx](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    if (!ctx->worker(request, &answer)) return respond(answer);
    respond(apiResult(kScriptSubdomain));
  };
  admin.addRoute("GET", account + "/workers/scripts/:script_name/subdomain", scriptSubdomain);
  admin.addRoute("POST", account + "/workers/scripts/:script_name/subdomain", scriptSubdomain);
  admin.addRoute("DELETE", account + "/workers/services/:service_name",
                 [ctx](AdminRequest request, AdminRespond respond) {
                   request.params["script_name"] = request.params.at("service_name");
                   respond(ctx->remove(request));
                 });
  admin.addRoute("GET", account + "/workers/services/:service_name",
                 [ctx](AdminRequest request, AdminRespond respond) {
                   getService(*ctx, std::move(request), respond);
                 });
}

}  // namespace edged::server
