#include "edged/server/cron_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "edged/config/cron_schedule.h"
#include "edged/net/loop_thread.h"
#include "edged/net/uv_handle.h"
#include "edged/server/scheduled_event.h"
#include "edged/util/clock.h"
#include "edged/util/log.h"

namespace edged::server {
namespace {

// A long sleep is cut into pieces so that the wall clock (which the schedules follow) is read
// again at least this often, whatever the monotonic clock of the loop's timers did meanwhile.
constexpr int64_t kLongestSleepMs = 60'000;

struct Trigger {
  std::string worker;
  std::string cron;  // as written in the config: controller.cron must match it character for character
  config::CronSchedule schedule;
  std::optional<int64_t> next_ms;  // the next regular run, Unix ms
};

struct Retry {
  std::string worker, cron;  // the trigger's identity (indexes change when the Workers do)
  int64_t scheduled_ms;  // the failed run's scheduledTime, which the retry keeps
  int attempt;           // 1 for the first retry
  int64_t due_ms;
};

std::string utcTime(int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min);
}

// Every cron trigger of `workers` that ever fires, its next run computed from now.
std::vector<Trigger> triggersOf(const WorkerVersions& workers) {
  std::vector<Trigger> triggers;
  int64_t now = static_cast<int64_t>(clock::nowMs());
  for (const auto& version : workers) {
    for (const std::string& cron : version->worker_config.triggers.crons) {
      // Validated when the config was loaded (config/parse_bindings.cc).
      auto schedule = config::CronSchedule::parse(cron);
      if (!schedule.ok()) continue;
      std::optional<int64_t> next = schedule->nextAfter(now);
      if (!next) continue;
      triggers.push_back({version->worker_name, cron, std::move(schedule).value(), next});
    }
  }
  return triggers;
}

void logScheduled(size_t count) {
  log::info(fmt::format("cron: {} trigger{} scheduled", count, count == 1 ? "" : "s"));
}

class CronService final : public BackgroundService {
 public:
  CronService(std::vector<Trigger> triggers, api::WorkerEventRouter* events)
      : triggers_(std::move(triggers)), events_(events), loop_(std::make_shared<net::LoopThread>()) {
    loop_->start();
    loop_->runSync([this] {
      timer_.init([this](uv_timer_t* t) { return uv_timer_init(loop_->loop(), t); }, this);
      arm();
    });
  }
  ~CronService() override { stop(); }

  // A trigger that stays (same Worker, same schedule text) keeps its next run and its retries;
  // a removed one's pending retries are dropped.
  void update(const WorkerVersions& workers) override {
    std::vector<Trigger> fresh = triggersOf(workers);
    loop_->runSync([this, &fresh] {
      if (!timer_) return;
      for (Trigger& trigger : fresh) {
        if (const Trigger* old = find(triggers_, trigger.worker, trigger.cron)) trigger.next_ms = old->next_ms;
      }
      std::erase_if(retries_, [&](const Retry& r) { return find(fresh, r.worker, r.cron) == nullptr; });
      if (fresh.size() != triggers_.size()) logScheduled(fresh.size());
      triggers_ = std::move(fresh);
      arm();
    });
  }

  void stop() override {
    if (stopped_) return;
    stopped_ = true;
    loop_->runSync([this] {
      timer_.close();
      retries_.clear();
    });
    loop_->stop();
  }

 private:
  static void onTimer(uv_timer_t* timer) {
    auto* self = static_cast<CronService*>(timer->data);
    if (self != nullptr) self->runDue();
  }

  // Starts every run (and retry) that is due, then sleeps until the next one.
  void runDue() {
    int64_t now = static_cast<int64_t>(clock::nowMs());
    for (Trigger& trigger : triggers_) {
      if (!trigger.next_ms || *trigger.next_ms > now) continue;
      int64_t scheduled = *trigger.next_ms;
      // Runs missed while the process slept are not made up, as on Cloudflare.
      trigger.next_ms = trigger.schedule.nextAfter(std::max(now, scheduled));
      dispatch(trigger.worker, trigger.cron, scheduled, 0);
    }
    std::vector<Retry> due;
    auto split = std::stable_partition(retries_.begin(), retries_.end(),
                                       [now](const Retry& r) { return r.due_ms > now; });
    due.assign(split, retries_.end());
    retries_.erase(split, retries_.end());
    for (const Retry& retry : due) dispatch(retry.worker, retry.cron, retry.scheduled_ms, retry.attempt);
    arm();
  }

  void arm() {
    if (!timer_) return;
    std::optional<int64_t> earliest;
    for (const Trigger& t : triggers_) {
      if (t.next_ms && (!earliest || *t.next_ms < *earliest)) earliest = t.next_ms;
    }
    for (const Retry& r : retries_) {
      if (!earliest || r.due_ms < *earliest) earliest = r.due_ms;
    }
    if (!earliest) {
      uv_timer_stop(timer_.get());
      return;
    }
    int64_t delay = std::clamp<int64_t>(*earliest - static_cast<int64_t>(clock::nowMs()), 0,
                                        kLongestSleepMs);
    uv_timer_start(timer_.get(), &CronService::onTimer, static_cast<uint64_t>(delay), 0);
  }

  static const Trigger* find(const std::vector<Trigger>& triggers, const std::string& worker,
                            const std::string& cron) {
    for (const Trigger& t : triggers) {
      if (t.worker == worker && t.cron == cron) return &t;
    }
    return nullptr;
  }

  void dispatch(const std::string& worker, const std::string& cron, int64_t scheduled_ms, int attempt) {
    // `done` runs on a serving thread; the answer comes back through this service's loop. A
    // service that stopped meanwhile drops it (post fails), and the loop outlives the service.
    std::shared_ptr<net::LoopThread> loop = loop_;
    events_->deliver(worker, std::string(kScheduledEventKind), scheduledPayload(cron, scheduled_ms),
                     [this, loop, worker, cron, scheduled_ms, attempt](api::WorkerEventOutcome outcome) {
                       ScheduledResult result = scheduledResult(outcome);
                       loop->post([this, worker, cron, scheduled_ms, attempt, result = std::move(result)] {
                         finished(worker, cron, scheduled_ms, attempt, result);
                       });
                     });
  }

  void finished(const std::string& worker, const std::string& cron, int64_t scheduled_ms, int attempt,
                const ScheduledResult& result) {
    std::string run = fmt::format("scheduled event for cron \"{}\" at {}{}", cron,
                                  utcTime(scheduled_ms),
                                  attempt > 0 ? fmt::format(" (retry {})", attempt) : "");
    if (result.ok()) {
      log::workerLine(spdlog::level::info, worker, "", run + ": ok");
      return;
    }
    // Removed by a deploy while this run was going: nothing to retry.
    const Trigger* trigger = find(triggers_, worker, cron);
    std::string next;
    int64_t due = static_cast<int64_t>(clock::nowMs()) +
                  (attempt < static_cast<int>(std::size(kCronRetryDelaysMs)) ? kCronRetryDelaysMs[attempt] : 0);
    if (result.no_retry) {
      next = "; not retried: the handler called noRetry()";
    } else if (attempt >= static_cast<int>(std::size(kCronRetryDelaysMs))) {
      next = "; no retries left";
    } else if (trigger == nullptr) {
      next = "; not retried: the trigger was removed";
    } else if (trigger->next_ms && due >= *trigger->next_ms) {
      next = "; not retried: the next run comes first";
    } else {
      next = fmt::format("; retrying in {} s", kCronRetryDelaysMs[attempt] / 1000);
      retries_.push_back({worker, cron, scheduled_ms, attempt + 1, due});
      arm();
    }
    log::workerLine(spdlog::level::err, worker, log::newReferenceId(),
                    fmt::format("{} failed ({}{}): {}", run, result.outcome, next, result.error));
  }

  std::vector<Trigger> triggers_;
  std::vector<Retry> retries_;  // loop thread only
  api::WorkerEventRouter* events_;
  std::shared_ptr<net::LoopThread> loop_;
  net::UvHandle<uv_timer_t> timer_;
  bool stopped_ = false;  // the thread that started the service
};

}  // namespace

std::unique_ptr<BackgroundService> startCronService(const BackgroundContext& context) {
  std::vector<Trigger> triggers = triggersOf(context.workers);
  if (triggers.empty()) return nullptr;
  logScheduled(triggers.size());
  return std::make_unique<CronService>(std::move(triggers), context.events);
}

}  // namespace edged::server
