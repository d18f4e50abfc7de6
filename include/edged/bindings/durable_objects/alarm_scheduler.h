#pragma once
// When each Durable Object alarm of one Worker fires, on one owner thread: the alarms of the
// objects this thread owns, loaded from the classes' AlarmIndex files at start (so alarms survive
// a restart, and ones that came due while the server was down fire at once), kept in memory, and
// one libuv timer for the earliest. The host tells it of every set and clear; it calls `fire`
// when one is due. Owner thread only.

#include <uv.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "edged/bindings/durable_objects/alarm_index.h"

namespace edged::bindings::durable_objects {

class AlarmScheduler {
 public:
  // `fire(class, id, scheduled_ms, retry_count)` runs for each due alarm.
  using Fire = std::function<void(const std::string&, const std::string&, int64_t, int)>;

  // `root`: the Worker's Durable Object directory (its classes' folders below it); `owns`: which
  // object ids this thread owns.
  AlarmScheduler(uv_loop_t* loop, std::filesystem::path root, std::vector<std::string> classes,
                 std::function<bool(const std::string& id)> owns, Fire fire);
  ~AlarmScheduler();
  AlarmScheduler(const AlarmScheduler&) = delete;
  AlarmScheduler& operator=(const AlarmScheduler&) = delete;

  // setAlarm() wrote `ms` (not committed yet): the index entry is written now (alarm_index.h).
  void set(const std::string& class_name, const std::string& id, int64_t ms, int retry_count = 0);
  // deleteAlarm() or a handled alarm, once committed: forget it; the index entry goes unless it
  // holds another time than `expected_ms`.
  void clear(const std::string& class_name, const std::string& id, std::optional<int64_t> expected_ms);
  // Whether `id` has an alarm scheduled (e.g. its alarm() handler set a new one).
  bool has(const std::string& class_name, const std::string& id) const;

 private:
  struct Entry {
    int64_t ms;
    int retry_count;
  };
  AlarmIndex* indexFor(const std::string& class_name);
  void load();
  void arm();
  static void onTimer(uv_timer_t* timer);

  uv_loop_t* loop_;
  std::filesystem::path root_;
  std::function<bool(const std::string&)> owns_;
  Fire fire_;
  std::map<std::string, AlarmIndex> indexes_;  // by class
  std::map<std::pair<std::string, std::string>, Entry> pending_;  // (class, id) → when
  uv_timer_t* timer_;
};

}  // namespace edged::bindings::durable_objects
