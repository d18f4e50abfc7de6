#pragma once
// A realm's unwritten data points. writeDataPoint() never waits for the disk (Cloudflare's
// "non-blocking" contract): points collect here during a turn of JavaScript and, when the turn
// ends (Realm::addTurnEndHook), go to the point table in one transaction on the libuv thread
// pool. One batch is in flight at a time; points written meanwhile form the next. Points still
// here when the realm goes away are written synchronously then. Like Cloudflare's, the writes
// are best effort: a process killed before a batch commits loses that batch.

#include <uv.h>

#include <memory>
#include <vector>

#include "edged/bindings/analytics_engine/data_point.h"
#include "edged/bindings/analytics_engine/point_store.h"
#include "edged/runtime/realm.h"

namespace edged::bindings::analytics_engine {

struct FlushJob;

// The connection (opened by the first batch, on the pool) and whether a batch is running;
// shared with the batch in flight so that a realm torn down meanwhile leaves it to that batch.
struct PointWriter {
  std::filesystem::path path;
  std::unique_ptr<PointStore> store;
  std::string worker_name;
  bool running = false;
};

class PointBuffer : public runtime::RealmState {
 public:
  ~PointBuffer() override;

  void add(runtime::Realm& realm, DataPoint point);

 private:
  void flush();
  static void writeBatch(uv_work_t* work);
  static void afterBatch(uv_work_t* work, int status);

  runtime::Realm* realm_ = nullptr;  // set by the first add()
  std::shared_ptr<PointWriter> writer_;
  std::vector<DataPoint> pending_;
  // Cleared by the destructor so a batch finishing later does not touch a destroyed buffer.
  std::shared_ptr<PointBuffer*> self_ = std::make_shared<PointBuffer*>(this);
};

}  // namespace edged::bindings::analytics_engine
