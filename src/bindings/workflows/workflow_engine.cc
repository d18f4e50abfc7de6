#include "edged/bindings/workflows/workflow_engine.h"

#include <fmt/format.h>
#include <uv.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <utility>

#include "edged/bindings/workflows/workflow_store.h"
#include "edged/net/loop_thread.h"
#include "edged/net/uv_handle.h"
#include "edged/util/clock.h"
#include "edged/util/json_escape.h"
#include "edged/util/log.h"

namespace edged::bindings::workflows {
namespace {

// A run that failed without recording anything (its isolate broke a limit, the Worker could
// not start) is tried again after this, doubling up to the maximum.
constexpr int64_t kFirstRetryMs = 1000;
constexpr int64_t kMaxRetryMs = 60'000;

int64_t nowMs() { return static_cast<int64_t>(clock::nowMs()); }

class Engine;

// The engine the ops wake: one per process (one data directory). A process-wide pointer, not a
// member of something the ops can reach, because the ops run in any Worker's isolate on any
// serving thread and know only the Workflow's name; guarded because they run concurrently with
// start and stop.
std::mutex g_engine_mutex;
std::weak_ptr<Engine> g_engine;

struct InstanceSlot {
  bool running = false;  // a run is in flight
  bool rerun = false;    // woken during that run: run it again after it
  int64_t failures = 0;  // runs in a row that ended without reaching the store
};

struct Workflow {
  WorkflowDefinition definition;
  std::unique_ptr<WorkflowStore> store;  // the engine thread's connection
  std::map<std::string, InstanceSlot, std::less<>> slots;
  bool active = true;  // false once no Worker defines it: its instances wait on disk
};

class Engine : public std::enable_shared_from_this<Engine> {
 public:
  Engine(std::vector<WorkflowDefinition> definitions, std::filesystem::path data_dir,
         api::WorkerEventRouter* router)
      : data_dir_(std::move(data_dir)), router_(router) {
    for (WorkflowDefinition& definition : definitions) {
      workflows_.push_back(Workflow{std::move(definition), nullptr, {}});
    }
  }

  // Any thread: the Workflows the Workers define now. A new one (or one defined again) resumes
  // its unfinished instances; one no Worker defines any more starts no run.
  void setWorkflows(std::vector<WorkflowDefinition> definitions) {
    std::weak_ptr<Engine> weak = weak_from_this();
    loop_.post([weak, definitions = std::move(definitions)]() mutable {
      if (auto self = weak.lock()) self->replaceWorkflows(std::move(definitions));
    });
  }

  void start() {
    loop_.start();
    std::weak_ptr<Engine> weak = weak_from_this();
    loop_.post([weak] {
      if (auto self = weak.lock()) self->resumeAll();
    });
  }

  void stop() {
    loop_.runSync([this] {
      stopping_ = true;
      timer_.close();
    });
    loop_.stop();
  }

  // Any thread.
  void wake(std::string_view worker, std::string_view workflow, std::string_view id) {
    std::weak_ptr<Engine> weak = weak_from_this();
    loop_.post([weak, worker = std::string(worker), workflow = std::string(workflow),
                id = std::string(id)] {
      auto self = weak.lock();
      if (!self) return;
      if (Workflow* found = self->find(worker, workflow)) self->consider(*found, id, true);
    });
  }

 private:
  Workflow* find(std::string_view worker, std::string_view name) {
    for (Workflow& workflow : workflows_) {
      if (workflow.definition.worker == worker && workflow.definition.name == name) return &workflow;
    }
    return nullptr;
  }

  void resumeAll() {
    if (timer_.init([this](uv_timer_t* t) { return uv_timer_init(loop_.loop(), t); }, this) != 0) {
      log::error("Workflows: cannot create the engine's timer; sleeps and retries will not wake");
    }
    for (Workflow& workflow : workflows_) resume(workflow);
  }

  void resume(Workflow& workflow) {
    if (!openStore(workflow)) return;
    Result<std::vector<Wakeup>> wakeups = workflow.store->unfinishedInstances(nowMs());
    if (!wakeups.ok()) {
      log::error(fmt::format("Workflow {}: {}", workflow.definition.name, wakeups.error().message));
      return;
    }
    for (const Wakeup& wakeup : wakeups.value()) {
      if (wakeup.wake_at && *wakeup.wake_at > nowMs()) schedule(workflow, wakeup.id, *wakeup.wake_at);
      else consider(workflow, wakeup.id);
    }
  }

  void replaceWorkflows(std::vector<WorkflowDefinition> definitions) {
    if (stopping_) return;
    std::vector<Workflow*> resumed;
    std::set<Workflow*> defined;
    for (WorkflowDefinition& definition : definitions) {
      Workflow* workflow = find(definition.worker, definition.name);
      if (workflow == nullptr) {
        workflow = &workflows_.emplace_back(Workflow{std::move(definition), nullptr, {}});
        resumed.push_back(workflow);
      } else {
        if (!workflow->active) resumed.push_back(workflow);
        workflow->definition = std::move(definition);
      }
      defined.insert(workflow);
    }
    for (Workflow& workflow : workflows_) workflow.active = defined.contains(&workflow);
    for (Workflow* workflow : resumed) resume(*workflow);
  }

  bool openStore(Workflow& workflow) {
    if (workflow.store) return true;
    const WorkflowDefinition& def = workflow.definition;
    auto opened = WorkflowStore::open(workflowFile(data_dir_, def.worker, def.name));
    if (!opened.ok()) {
      log::error(fmt::format("Workflow {}: {}", def.name, opened.error().message));
      return false;
    }
    workflow.store = std::move(opened).value();
    return true;
  }

  // Looks at instance `id` and runs it, schedules it or lets it be. A `woken` instance runs even
  // before its wake-up time (an event it may wait for arrived; the replay suspends again if not).
  void consider(Workflow& workflow, const std::string& id, bool woken = false) {
    if (stopping_ || !workflow.active || !openStore(workflow)) return;
    InstanceSlot& slot = workflow.slots[id];
    if (slot.running) {
      slot.rerun = true;
      return;
    }
    Result<std::optional<InstanceRecord>> found = workflow.store->instance(id);
    if (!found.ok()) {
      log::error(fmt::format("Workflow {}: {}", workflow.definition.name, found.error().message));
      return;
    }
    const std::optional<InstanceRecord>& instance = found.value();
    // waitingForPause with no run in flight: the run died; a new one makes the pause effective.
    bool runnable = instance && (instance->status == InstanceStatus::kQueued ||
                                 instance->status == InstanceStatus::kRunning ||
                                 instance->status == InstanceStatus::kWaiting ||
                                 instance->status == InstanceStatus::kWaitingForPause);
    if (!runnable) {
      workflow.slots.erase(id);
      return;
    }
    if (!woken && instance->wake_at && *instance->wake_at > nowMs()) {
      schedule(workflow, id, *instance->wake_at);
      return;
    }
    dispatch(workflow, *instance);
  }

  void dispatch(Workflow& workflow, const InstanceRecord& instance) {
    const WorkflowDefinition& def = workflow.definition;
    InstanceSlot& slot = workflow.slots[instance.id];
    slot.running = true;
    slot.rerun = false;
    std::string payload = fmt::format(
        R"({{"worker":{},"workflow":{},"className":{},"instanceId":{},"generation":{}}})",
        jsonQuote(def.worker), jsonQuote(def.name), jsonQuote(def.class_name),
        jsonQuote(instance.id), instance.generation);
    std::weak_ptr<Engine> weak = weak_from_this();
    router_->deliver(def.worker, "workflow", std::move(payload),
                     [weak, worker = def.worker, name = def.name, id = instance.id](
                         api::WorkerEventOutcome outcome) {
                       auto self = weak.lock();
                       if (!self) return;
                       self->loop_.post([weak, worker, name, id, outcome = std::move(outcome)] {
                         if (auto engine = weak.lock()) engine->finished(worker, name, id, outcome);
                       });
                     });
  }

  void finished(const std::string& worker, const std::string& name, const std::string& id,
                const api::WorkerEventOutcome& outcome) {
    Workflow* workflow = find(worker, name);
    if (workflow == nullptr || stopping_) return;
    InstanceSlot& slot = workflow->slots[id];
    slot.running = false;
    if (outcome.ok) {
      slot.failures = 0;
      consider(*workflow, id, slot.rerun);
      return;
    }
    // The run died before it could record why it stopped; replay it later, backing off.
    log::warn(fmt::format("Workflow {} instance {}: run failed: {}", name, id, outcome.error));
    int64_t delay = std::min(kMaxRetryMs, kFirstRetryMs << std::min<int64_t>(slot.failures, 6));
    ++slot.failures;
    if (slot.rerun) consider(*workflow, id, true);
    else schedule(*workflow, id, nowMs() + delay);
  }

  void schedule(Workflow& workflow, const std::string& id, int64_t at) {
    due_.emplace(at, std::make_pair(&workflow, id));
    armTimer();
  }

  void armTimer() {
    if (!timer_ || due_.empty()) return;
    int64_t delay = std::max<int64_t>(0, due_.begin()->first - nowMs());
    uv_timer_start(timer_.get(), &Engine::onTimer, static_cast<uint64_t>(delay), 0);
  }

  static void onTimer(uv_timer_t* timer) {
    auto* self = static_cast<Engine*>(timer->data);
    if (self != nullptr) self->fireDue();
  }

  void fireDue() {
    int64_t now = nowMs();
    std::vector<std::pair<Workflow*, std::string>> ready;
    while (!due_.empty() && due_.begin()->first <= now) {
      ready.push_back(std::move(due_.begin()->second));
      due_.erase(due_.begin());
    }
    for (auto& [workflow, id] : ready) consider(*workflow, id);
    armTimer();
  }

  std::filesystem::path data_dir_;
  api::WorkerEventRouter* router_;
  std::deque<Workflow> workflows_;  // only grows, at the back: pointers into it stay valid
  // When each scheduled instance is due; stale entries are harmless (consider() re-reads).
  std::multimap<int64_t, std::pair<Workflow*, std::string>> due_;
  net::UvHandle<uv_timer_t> timer_;
  bool stopping_ = false;
  net::LoopThread loop_;  // last: stopped (and joined) before the members above go
};

class EngineHandle : public WorkflowEngine {
 public:
  explicit EngineHandle(std::shared_ptr<Engine> engine) : engine_(std::move(engine)) {}
  ~EngineHandle() override { stop(); }

  void setWorkflows(std::vector<WorkflowDefinition> workflows) override {
    if (engine_) engine_->setWorkflows(std::move(workflows));
  }

  void stop() override {
    if (!engine_) return;
    {
      std::lock_guard lock(g_engine_mutex);
      if (g_engine.lock() == engine_) g_engine.reset();
    }
    engine_->stop();
    engine_.reset();
  }

 private:
  std::shared_ptr<Engine> engine_;
};

}  // namespace

std::unique_ptr<WorkflowEngine> WorkflowEngine::start(std::vector<WorkflowDefinition> workflows,
                                                      std::filesystem::path data_dir,
                                                      api::WorkerEventRouter* router) {
  auto engine = std::make_shared<Engine>(std::move(workflows), std::move(data_dir), router);
  engine->start();
  {
    std::lock_guard lock(g_engine_mutex);
    g_engine = engine;
  }
  return std::make_unique<EngineHandle>(std::move(engine));
}

void wakeInstance(std::string_view worker, std::string_view workflow, std::string_view id) {
  std::shared_ptr<Engine> engine;
  {
    std::lock_guard lock(g_engine_mutex);
    engine = g_engine.lock();
  }
  if (engine) engine->wake(worker, workflow, id);
}

}  // namespace edged::bindings::workflows
