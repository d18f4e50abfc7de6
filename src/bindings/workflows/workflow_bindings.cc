#include "edged/bindings/workflows/workflow_bindings.h"

#include "edged/util/json_escape.h"

namespace edged::bindings::workflows {

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker) {
  std::vector<std::string> specs;
  for (const config::WorkflowBinding& workflow : worker.workflows) {
    const std::string& runner = workflow.script_name ? *workflow.script_name : worker.name;
    specs.push_back(R"({"type":"workflow","name":)" + jsonQuote(workflow.binding) +
                    R"(,"workflow":)" + jsonQuote(workflow.name) + R"(,"worker":)" +
                    jsonQuote(runner) + R"(,"className":)" + jsonQuote(workflow.class_name) +
                    R"(,"local":)" + (workflow.script_name ? "false" : "true") + "}");
  }
  return specs;
}

std::vector<WorkflowDefinition> workflowDefinitions(const config::WorkerConfig& worker) {
  std::vector<WorkflowDefinition> definitions;
  for (const config::WorkflowBinding& workflow : worker.workflows) {
    definitions.push_back({workflow.script_name ? *workflow.script_name : worker.name, workflow.name,
                           workflow.class_name});
  }
  return definitions;
}

}  // namespace edged::bindings::workflows
