// GET /metrics on the admin listener: Prometheus scrapes it with the admin bearer token. The
// counters are read from util/metrics; the queue depths come from the queues database, read on
// the libuv thread pool with a connection of the scrape's own so the listener never waits on it.
#include <uv.h>

#include <fmt/format.h>

#include "edged/bindings/queues/queue_store.h"
#include "edged/server/admin_server.h"
#include "edged/util/assert.h"
#include "edged/util/metrics.h"

namespace edged::server {
namespace {

struct ScrapeJob {
  std::filesystem::path queues_file;
  std::string text;
  AdminRespond respond;
  uv_work_t work{};
};

// `edged_queue_messages{queue}`: messages waiting or in delivery. Without a queues database
// (no Worker ever used a queue) the family is present and empty.
std::string queueDepths(const std::filesystem::path& file) {
  std::string out =
      "# HELP edged_queue_messages Messages in a queue, waiting or being delivered.\n"
      "# TYPE edged_queue_messages gauge\n";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return out;
  auto store = bindings::queues::QueueStore::open(file);
  if (!store.ok()) return out;
  auto depths = store.value()->depths();
  if (!depths.ok()) return out;
  for (const auto& [queue, count] : *depths) {
    out += fmt::format("edged_queue_messages{{queue=\"{}\"}} {}\n",
                       metrics::labelValue(queue), count);
  }
  return out;
}

void runScrape(uv_work_t* work) {
  auto* job = static_cast<ScrapeJob*>(work->data);
  job->text = metrics::Registry::global().exposition() + queueDepths(job->queues_file);
}

void afterScrape(uv_work_t* work, int) {
  std::unique_ptr<ScrapeJob> job(static_cast<ScrapeJob*>(work->data));
  job->respond({200, "text/plain; version=0.0.4; charset=utf-8", std::move(job->text)});
}

}  // namespace

void addMetricsRoutes(AdminServer& admin, const std::filesystem::path& data_dir) {
  admin.addRoute("GET", "/metrics", [&admin, file = bindings::queues::queuesFile(data_dir)](
                                        AdminRequest, AdminRespond respond) {
    auto job = std::make_unique<ScrapeJob>();
    job->queues_file = file;
    job->respond = std::move(respond);
    job->work.data = job.get();
    EDGED_ASSERT(uv_queue_work(admin.loop(), &job->work, &runScrape, &afterScrape) == 0);
    (void)job.release();  // owned by the work request until afterScrape
  });
}

}  // namespace edged::server
