// The admin listener's cron schedules of a deployed Worker (Cloudflare's
// PUT/GET …/workers/scripts/:name/schedules, which `wrangler deploy` calls after the upload with
// the config's triggers.crons). Schedules belong to the Worker, not to one version: the store
// writes them into every version's generated config, and the serving version restarts with
// them so that whatever runs cron triggers sees the new ones.

#include <simdjson.h>

#include "edged/config/cron_schedule.h"
#include "edged/server/admin_server.h"
#include "edged/server/admin_worker_context.h"
#include "edged/util/json_escape.h"

namespace edged::server {
namespace {

// Cloudflare's answer: {"schedules":[{"cron","created_on","modified_on"}]}. edged keeps no
// per-schedule times, so both are the serving version's creation.
std::string schedulesJson(const DeployedWorker& worker) {
  int64_t created = 0;
  for (const DeployedVersion& v : worker.versions) {
    if (v.id == worker.current) created = v.created_ms;
  }
  std::string time = jsonQuote(apiTime(created));
  std::string list;
  for (const std::string& cron : worker.history.crons) {
    list += (list.empty() ? "" : ",") + std::string("{\"cron\":") + jsonQuote(cron) +
            ",\"created_on\":" + time + ",\"modified_on\":" + time + "}";
  }
  return "{\"schedules\":[" + list + "]}";
}

// The body: [{"cron": "*/5 * * * *"}, …]; each expression checked as triggers.crons is.
Result<std::vector<std::string>> parseSchedules(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::array items;
  if (parser.parse(body).get(items) != simdjson::SUCCESS) {
    return makeError("expected a JSON array of {\"cron\": \"<expression>\"}");
  }
  std::vector<std::string> crons;
  for (simdjson::dom::element item : items) {
    std::string_view cron;
    if (item["cron"].get(cron) != simdjson::SUCCESS)
      return makeError("each schedule needs a \"cron\" string");
    auto schedule = config::CronSchedule::parse(cron);
    if (!schedule.ok())
      return makeError("invalid cron \"" + std::string(cron) + "\": " + schedule.error().message);
    crons.emplace_back(cron);
  }
  return crons;
}

void putSchedules(WorkerAdminContext& ctx, const AdminRequest& request,
                  const AdminRespond& respond) {
  AdminResponse answer;
  auto worker = ctx.worker(request, &answer);
  if (!worker) return respond(answer);
  auto crons = parseSchedules(request.body);
  if (!crons.ok()) return respond(apiError(400, 10100, crons.error().message));
  bool changed = crons.value() != worker->history.crons;
  if (Status set = ctx.store.setCrons(worker->name, crons.value()); !set.ok()) {
    return respond(apiError(500, 10013, set.error().message));
  }
  auto written = ctx.store.read(worker->name);
  if (!written.ok() || !written->has_value())
    return respond(apiError(500, 10013, "the Worker vanished"));
  if (changed && !(*written)->current.empty()) {
    if (Status served = ctx.serve(**written, (*written)->current); !served.ok()) {
      return respond(apiError(400, 10021, served.error().message));
    }
  }
  respond(apiResult(schedulesJson(**written)));
}

}  // namespace

void addScheduleRoutes(AdminServer& admin, std::shared_ptr<WorkerAdminContext> ctx) {
  std::string schedules = "/client/v4/accounts/:account_id/workers/scripts/:script_name/schedules";
  admin.addRoute("PUT", schedules, [ctx](AdminRequest request, AdminRespond respond) {
    putSchedules(*ctx, request, respond);
  });
  admin.addRoute("GET", schedules, [ctx](AdminRequest request, AdminRespond respond) {
    AdminResponse answer;
    auto worker = ctx->worker(request, &answer);
    if (!worker) return respond(answer);
    respond(apiResult(schedulesJson(*worker)));
  });
}

}  // namespace edged::server
