// The admin listener's Analytics Engine route: Cloudflare's SQL API,
// POST /client/v4/accounts/<account_id>/analytics_engine/sql with the query as the body. The
// account id is accepted as given (one server, one account). Queries run on the libuv thread
// pool, each with its own read connection, so a long GROUP BY never stalls the listener.

#include <uv.h>

#include "edged/bindings/analytics_engine/point_store.h"
#include "edged/bindings/analytics_engine/sql_endpoint.h"
#include "edged/server/admin_server.h"
#include "edged/util/assert.h"
#include "edged/util/clock.h"

namespace edged::server {
namespace {

namespace ae = bindings::analytics_engine;

struct QueryJob {
  std::filesystem::path file;
  std::string query;
  int64_t now_seconds = 0;
  ae::SqlAnswer answer;
  AdminRespond respond;
  uv_work_t work{};
};

void runQuery(uv_work_t* work) {
  auto* job = static_cast<QueryJob*>(work->data);
  auto store = ae::PointStore::open(job->file);
  if (!store.ok()) {
    job->answer = {500, "text/plain; charset=utf-8", "Internal error: " + store.error().message + "\n"};
    return;
  }
  job->answer = ae::answerSqlQuery(*store.value(), job->query, job->now_seconds);
}

void afterQuery(uv_work_t* work, int) {
  std::unique_ptr<QueryJob> job(static_cast<QueryJob*>(work->data));
  job->respond({job->answer.status, job->answer.content_type, std::move(job->answer.body)});
}

}  // namespace

void addAnalyticsEngineRoutes(AdminServer& admin, const std::filesystem::path& data_dir) {
  admin.addRoute("POST", "/client/v4/accounts/:account_id/analytics_engine/sql",
                 [&admin, file = ae::pointsFile(data_dir)](AdminRequest request, AdminRespond respond) {
                   auto job = std::make_unique<QueryJob>();
                   job->file = file;
                   job->query = std::move(request.body);
                   job->now_seconds = static_cast<int64_t>(clock::nowMs() / 1000);
                   job->respond = std::move(respond);
                   job->work.data = job.get();
                   EDGED_ASSERT(uv_queue_work(admin.loop(), &job->work, &runQuery, &afterQuery) == 0);
                   (void)job.release();  // owned by the work request until afterQuery
                 });
}

}  // namespace edged::server
