#pragma once
// What wrangler.jsonc's `workflows` section means to edged: the env descriptor of each binding
// (its JS half: runtime-js/api/57_workflows.js) and the Workflows the engine runs. A Workflow is
// run by the Worker that exports its class: the binding's `script_name`, or the Worker itself.

#include <string>
#include <vector>

#include "edged/config/worker_config.h"

namespace edged::bindings::workflows {

// A Workflow some Worker defines: the Worker that runs it, its name, the exported class.
struct WorkflowDefinition {
  std::string worker;
  std::string name;
  std::string class_name;
};

// {"type":"workflow","name":<binding>,"workflow":<name>,"worker":<runner>,"className":<class>,
//  "local":<no script_name: this Worker must export the class>}
std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker);

// The Workflows the engine runs for a Worker's `workflows` entries (deduplicated by the service).
std::vector<WorkflowDefinition> workflowDefinitions(const config::WorkerConfig& worker);

}  // namespace edged::bindings::workflows
