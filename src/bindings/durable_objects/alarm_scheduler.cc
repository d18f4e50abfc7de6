#include "edged/bindings/durable_objects/alarm_scheduler.h"

#include <algorithm>

#include "edged/util/clock.h"
#include "edged/util/log.h"

namespace edged::bindings::durable_objects {
namespace {

void freeTimer(uv_handle_t* handle) { delete reinterpret_cast<uv_timer_t*>(handle); }

int64_t nowMs() { return static_cast<int64_t>(clock::nowMs()); }

}  // namespace

AlarmScheduler::AlarmScheduler(uv_loop_t* loop, std::filesystem::path root,
                               std::vector<std::string> classes,
                               std::function<bool(const std::string&)> owns, Fire fire)
    : loop_(loop), root_(std::move(root)), owns_(std::move(owns)), fire_(std::move(fire)) {
  timer_ = new uv_timer_t;
  uv_timer_init(loop_, timer_);
  timer_->data = this;
  // Alarms alone must not keep a stopping loop alive.
  uv_unref(reinterpret_cast<uv_handle_t*>(timer_));
  for (std::string& class_name : classes) indexFor(class_name);
  load();
}

AlarmScheduler::~AlarmScheduler() {
  uv_timer_stop(timer_);
  uv_close(reinterpret_cast<uv_handle_t*>(timer_), &freeTimer);
}

AlarmIndex* AlarmScheduler::indexFor(const std::string& class_name) {
  auto it = indexes_.find(class_name);
  if (it != indexes_.end()) return &it->second;
  auto opened = AlarmIndex::open(root_ / class_name / "alarms.sqlite");
  if (!opened.ok()) {
    log::error("Durable Object alarms of " + class_name + ": " + opened.error().message);
    return nullptr;
  }
  return &indexes_.emplace(class_name, std::move(opened).value()).first->second;
}

void AlarmScheduler::load() {
  for (auto& [class_name, index] : indexes_) {
    auto all = index.all();
    if (!all.ok()) {
      log::error("Durable Object alarms of " + class_name + ": " + all.error().message);
      continue;
    }
    for (const PendingAlarm& alarm : all.value()) {
      if (owns_(alarm.object_id)) pending_[{class_name, alarm.object_id}] = {alarm.scheduled_ms, 0};
    }
  }
  arm();
}

void AlarmScheduler::set(const std::string& class_name, const std::string& id, int64_t ms,
                         int retry_count) {
  if (AlarmIndex* index = indexFor(class_name)) {
    Status written = index->set(id, ms);
    if (!written.ok()) log::error("Durable Object alarm index: " + written.error().message);
  }
  pending_[{class_name, id}] = {ms, retry_count};
  arm();
}

void AlarmScheduler::clear(const std::string& class_name, const std::string& id,
                           std::optional<int64_t> expected_ms) {
  auto it = pending_.find({class_name, id});
  if (it != pending_.end() && (!expected_ms || it->second.ms == *expected_ms)) pending_.erase(it);
  if (AlarmIndex* index = indexFor(class_name)) {
    Status cleared = index->clear(id, expected_ms);
    if (!cleared.ok()) log::error("Durable Object alarm index: " + cleared.error().message);
  }
  arm();
}

bool AlarmScheduler::has(const std::string& class_name, const std::string& id) const {
  return pending_.contains({class_name, id});
}

void AlarmScheduler::arm() {
  uv_timer_stop(timer_);
  if (pending_.empty()) return;
  int64_t earliest = std::min_element(pending_.begin(), pending_.end(), [](const auto& a, const auto& b) {
                       return a.second.ms < b.second.ms;
                     })->second.ms;
  int64_t delay = std::max<int64_t>(0, earliest - nowMs());
  uv_timer_start(timer_, &AlarmScheduler::onTimer, static_cast<uint64_t>(delay), 0);
}

void AlarmScheduler::onTimer(uv_timer_t* timer) {
  auto* self = static_cast<AlarmScheduler*>(timer->data);
  int64_t now = nowMs();
  std::vector<std::tuple<std::string, std::string, int64_t, int>> due;
  for (auto it = self->pending_.begin(); it != self->pending_.end();) {
    if (it->second.ms <= now) {
      due.emplace_back(it->first.first, it->first.second, it->second.ms, it->second.retry_count);
      it = self->pending_.erase(it);
    } else {
      ++it;
    }
  }
  self->arm();
  for (auto& [class_name, id, ms, retry] : due) self->fire_(class_name, id, ms, retry);
}

}  // namespace edged::bindings::durable_objects
