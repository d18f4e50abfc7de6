#include "edged/server/workflow_service.h"

#include <set>
#include <utility>

#include "edged/bindings/workflows/workflow_engine.h"

namespace edged::server {
namespace {

// A Workflow bound by several Workers (one defines it, others name it by script_name) runs once.
std::vector<bindings::workflows::WorkflowDefinition> workflowsOf(const WorkerVersions& workers) {
  std::vector<bindings::workflows::WorkflowDefinition> workflows;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& version : workers) {
    for (auto& definition : bindings::workflows::workflowDefinitions(version->worker_config)) {
      if (seen.emplace(definition.worker, definition.name).second) {
        workflows.push_back(std::move(definition));
      }
    }
  }
  return workflows;
}

class WorkflowService : public BackgroundService {
 public:
  explicit WorkflowService(std::unique_ptr<bindings::workflows::WorkflowEngine> engine)
      : engine_(std::move(engine)) {}
  ~WorkflowService() override { stop(); }
  void update(const WorkerVersions& workers) override { engine_->setWorkflows(workflowsOf(workers)); }
  // Runs in flight finish on their serving threads and record their steps; the engine starts
  // no more. What was left unfinished is replayed after a restart.
  void stop() override { engine_->stop(); }

 private:
  std::unique_ptr<bindings::workflows::WorkflowEngine> engine_;
};

}  // namespace

std::unique_ptr<BackgroundService> startWorkflowService(const BackgroundContext& context) {
  std::vector<bindings::workflows::WorkflowDefinition> workflows = workflowsOf(context.workers);
  if (workflows.empty() || context.events == nullptr) return nullptr;
  return std::make_unique<WorkflowService>(bindings::workflows::WorkflowEngine::start(
      std::move(workflows), context.data_dir, context.events));
}

}  // namespace edged::server
