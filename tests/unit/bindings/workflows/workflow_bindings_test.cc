// The env descriptors of `workflows` entries and the Workflows the engine runs for them.
#include "edged/bindings/workflows/workflow_bindings.h"

#include <gtest/gtest.h>

#include "edged/bindings/workflows/workflow_store.h"

namespace edged::bindings::workflows {
namespace {

TEST(WorkflowBindings, DescriptorsNameTheWorkerThatRunsTheWorkflow) {
  config::WorkerConfig worker;
  worker.name = "front";
  worker.workflows.push_back({"orders", "ORDERS", "OrderFlow", std::nullopt});
  worker.workflows.push_back({"mail", "MAIL", "MailFlow", std::string("mailer")});
  std::vector<std::string> specs = bindingSpecs(worker);
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0], R"({"type":"workflow","name":"ORDERS","workflow":"orders","worker":"front","className":"OrderFlow","local":true})");
  std::vector<WorkflowDefinition> defs = workflowDefinitions(worker);
  ASSERT_EQ(defs.size(), 2u);
  EXPECT_EQ(defs[0].worker, "front");
  EXPECT_EQ(defs[0].class_name, "OrderFlow");
  EXPECT_EQ(defs[1].worker, "mailer");
  EXPECT_EQ(defs[1].name, "mail");
}

TEST(WorkflowBindings, FileNamesAreSafe) {
  EXPECT_EQ(workflowFile("/d", "my worker", "a/b").string(), "/d/workflows/my%20worker/a%2Fb.sqlite");
}

}  // namespace
}  // namespace edged::bindings::workflows
