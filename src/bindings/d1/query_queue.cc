#include "query_queue.h"

#include "edged/util/assert.h"

namespace edged::bindings::d1 {

D1State::~D1State() {
  for (auto& [path, queue] : queues_) {
    queue->state = nullptr;
    queue->waiting.clear();
  }
}

v8::MaybeLocal<v8::Promise> D1State::submit(runtime::Realm& realm,
                                            const std::filesystem::path& path,
                                            std::unique_ptr<Job> job) {
  realm_ = &realm;
  v8::Isolate* isolate = realm.isolate();
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(realm.context()).ToLocal(&resolver)) return {};
  job->promise_id = next_promise_id_++;
  job->request_id = realm.currentRequestId();
  resolvers_.emplace(job->promise_id, v8::Global<v8::Promise::Resolver>(isolate, resolver));

  std::shared_ptr<DatabaseQueue>& queue = queues_[path];
  if (!queue) {
    queue = std::make_shared<DatabaseQueue>();
    queue->path = path;
    queue->state = this;
  }
  queue->waiting.push_back(std::move(job));
  start(*queue, queue);
  return resolver->GetPromise();
}

void D1State::start(DatabaseQueue& queue, std::shared_ptr<DatabaseQueue> owner) {
  if (queue.running || queue.waiting.empty() || queue.state == nullptr) return;
  std::unique_ptr<Job> job = std::move(queue.waiting.front());
  queue.waiting.pop_front();
  job->queue = std::move(owner);
  job->work.data = job.get();
  // Fails only for a null loop or callback.
  EDGED_ASSERT(uv_queue_work(queue.state->realm_->loop(), &job->work, &runJob, &afterJob) == 0);
  queue.running = true;
  (void)job.release();  // owned by the work request until afterJob
}

// Thread pool: the only code that touches the connection, one job of a queue at a time.
void D1State::runJob(uv_work_t* work) {
  auto* job = static_cast<Job*>(work->data);
  DatabaseQueue& queue = *job->queue;
  if (!queue.database) {
    auto opened = LocalDatabase::open(queue.path);
    if (!opened.ok()) {
      job->open_error = opened.error();
      return;
    }
    queue.database = std::move(opened).value();
  }
  LocalDatabase& db = *queue.database;
  switch (job->kind) {
    case Job::Kind::kBatch: job->batch = db.batch(job->queries); break;
    case Job::Kind::kExec: job->exec = db.exec(job->sql); break;
    case Job::Kind::kDump: job->dump = db.dump(); break;
  }
}

// Loop thread: settle the promise (JavaScript may queue more), then start the next job.
void D1State::afterJob(uv_work_t* work, int) {
  std::unique_ptr<Job> job(static_cast<Job*>(work->data));
  std::shared_ptr<DatabaseQueue> queue = std::move(job->queue);
  queue->running = false;
  D1State* state = queue->state;
  if (state == nullptr) return;  // the realm is gone: nobody waits for this
  auto found = state->resolvers_.find(job->promise_id);
  if (found != state->resolvers_.end()) {
    v8::Global<v8::Promise::Resolver> resolver = std::move(found->second);
    state->resolvers_.erase(found);
    runtime::Realm& realm = *state->realm_;
    realm.enter(
        [&](v8::Local<v8::Context> context) {
          settleJob(realm, *job, resolver.Get(context->GetIsolate()));
        },
        job->request_id);
  }
  start(*queue, queue);
}

}  // namespace edged::bindings::d1
