#include "point_buffer.h"

#include "edged/util/assert.h"
#include "edged/util/log.h"

namespace edged::bindings::analytics_engine {

struct FlushJob {
  std::shared_ptr<PointWriter> writer;
  std::shared_ptr<PointBuffer*> buffer;
  std::vector<DataPoint> points;
  Status status = Ok{};
  uv_work_t work{};
};

namespace {

Status writePoints(PointWriter& writer, const std::vector<DataPoint>& points) {
  if (!writer.store) {
    auto opened = PointStore::open(writer.path);
    if (!opened.ok()) return opened.error();
    writer.store = std::move(opened).value();
  }
  return writer.store->insert(points);
}

void logLost(const PointWriter& writer, size_t count, const Status& status) {
  log::workerLine(spdlog::level::err, writer.worker_name, {},
                  fmt::format("Analytics Engine: {} data point(s) not written: {}", count,
                              status.error().message));
}

}  // namespace

PointBuffer::~PointBuffer() {
  *self_ = nullptr;
  if (pending_.empty() || !writer_) return;
  // The realm is going away (its isolate discarded, or the server stopping): what it wrote
  // still goes to disk. A batch may be running on the pool with this connection, so these use
  // one of their own.
  PointWriter last{writer_->path, nullptr, writer_->worker_name, false};
  Status status = writePoints(last, pending_);
  if (!status.ok()) logLost(last, pending_.size(), status);
}

void PointBuffer::add(runtime::Realm& realm, DataPoint point) {
  if (realm_ == nullptr) {
    realm_ = &realm;
    writer_ = std::make_shared<PointWriter>();
    writer_->path = pointsFile(realm.options().data_dir);
    writer_->worker_name = realm.workerName();
    realm.addTurnEndHook([self = self_] {
      if (*self != nullptr) (*self)->flush();
    });
  }
  pending_.push_back(std::move(point));
}

void PointBuffer::flush() {
  if (pending_.empty() || writer_->running) return;
  auto job = std::make_unique<FlushJob>();
  job->writer = writer_;
  job->buffer = self_;
  job->points.swap(pending_);
  job->work.data = job.get();
  writer_->running = true;
  // Fails only for a null loop or callback.
  EDGED_ASSERT(uv_queue_work(realm_->loop(), &job->work, &writeBatch, &afterBatch) == 0);
  (void)job.release();  // owned by the work request until afterBatch
}

// Thread pool: the only code that uses the writer's connection, one batch at a time.
void PointBuffer::writeBatch(uv_work_t* work) {
  auto* job = static_cast<FlushJob*>(work->data);
  job->status = writePoints(*job->writer, job->points);
}

// Loop thread: report a failure, then send what collected meanwhile.
void PointBuffer::afterBatch(uv_work_t* work, int) {
  std::unique_ptr<FlushJob> job(static_cast<FlushJob*>(work->data));
  job->writer->running = false;
  if (!job->status.ok()) logLost(*job->writer, job->points.size(), job->status);
  if (*job->buffer != nullptr) (*job->buffer)->flush();
}

}  // namespace edged::bindings::analytics_engine
