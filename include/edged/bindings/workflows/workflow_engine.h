#pragma once
// The engine that runs Workflow instances: one per server, on a loop thread of its own. It
// keeps no state that the store does not have: at start it resumes every unfinished instance
// of every Workflow the Workers define, and afterwards it runs an instance whenever something
// may let it go on (created, resumed, restarted, sent an event, a sleep or a retry delay over).
//
// Running an instance is one worker event of kind "workflow" in the Worker that exports its
// class (runtime-js/api/56_workflows.js): a replay of run() in which completed steps return
// their recorded results. A run ends when run() settles or when it must wait (a sleep, an
// event, a retry delay: the store holds the time it is due), pause or abandon; the engine then
// re-reads the instance and schedules the next run. At most one run per instance at a time: a
// wake-up that arrives during one starts another after it.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "edged/api/worker_events.h"
#include "edged/bindings/workflows/workflow_bindings.h"

namespace edged::bindings::workflows {

class WorkflowEngine {
 public:
  // Starts the engine's thread and resumes what was running. `router` must outlive stop().
  static std::unique_ptr<WorkflowEngine> start(std::vector<WorkflowDefinition> workflows,
                                               std::filesystem::path data_dir,
                                               api::WorkerEventRouter* router);
  // Stops scheduling runs; runs in flight finish on their threads (their steps are recorded)
  // or are replayed after a restart.
  virtual ~WorkflowEngine() = default;
  virtual void stop() = 0;
  // The Workflows the Workers define now (a deploy changed them): new ones resume their
  // unfinished instances; ones no Worker defines any more start no run until defined again.
  virtual void setWorkflows(std::vector<WorkflowDefinition> workflows) = 0;
};

// Tells the running engine (if any) that instance `id` of Workflow `workflow` run by Worker
// `worker` may have something to do. Thread-safe; called by the binding's ops on serving threads.
void wakeInstance(std::string_view worker, std::string_view workflow, std::string_view id);

}  // namespace edged::bindings::workflows
