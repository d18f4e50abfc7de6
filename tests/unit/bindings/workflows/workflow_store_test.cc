// A Workflow's file as a run and the binding use it: instances created once per id, steps
// recorded and read back (also by a second connection and after a reopen), retries and sleeps
// deferred, events queued then taken in order, pause/resume/terminate/restart and what each
// tells a run in flight (the gate), and what the engine resumes at start.
#include "edged/bindings/workflows/workflow_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "../../server/temp_dir.h"

namespace edged::bindings::workflows {
namespace {

class WorkflowStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = open(); }
  void TearDown() override { store_.reset(); }
  std::unique_ptr<WorkflowStore> open() {
    auto store = WorkflowStore::open(workflowFile(dir_.path(), "worker", "flow"));
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return std::move(store).value();
  }
  InstanceRecord instance(std::string_view id) {
    auto found = store_->instance(id);
    EXPECT_TRUE(found.ok() && found.value());
    return found.ok() && found.value() ? *found.value() : InstanceRecord{};
  }
  std::string status(std::string_view id) { return std::string(statusName(instance(id).status)); }
  Gate gateOf(Result<Gate> gate) {
    EXPECT_TRUE(gate.ok());
    return gate.ok() ? gate.value() : Gate::kAbandon;
  }
  StepLookup lookup(std::string_view id, int64_t generation, std::string_view key) {
    auto found = store_->step(id, generation, key, 1000);
    EXPECT_TRUE(found.ok());
    return found.ok() ? found.value() : StepLookup{};
  }

  server::testing::TempDir dir_;
  std::unique_ptr<WorkflowStore> store_;
};

TEST_F(WorkflowStoreTest, CreatesEachIdOnce) {
  EXPECT_TRUE(store_->create("a", "params", 1000).value());
  EXPECT_FALSE(store_->create("a", "other", 2000).value());
  InstanceRecord a = instance("a");
  EXPECT_EQ(statusName(a.status), "queued");
  EXPECT_EQ(a.params, "params");
  EXPECT_EQ(a.created_at, 1000);
  EXPECT_EQ(a.generation, 1);
  EXPECT_FALSE(store_->instance("missing").value().has_value());
}

TEST_F(WorkflowStoreTest, ARunRecordsStepsThatAReplayReadsBack) {
  ASSERT_TRUE(store_->create("a", "p", 1000).value());
  RunStart start = store_->beginRun("a", 1, 1000).value();
  EXPECT_EQ(start.gate, Gate::kProceed);
  EXPECT_EQ(start.params, "p");
  EXPECT_EQ(status("a"), "running");
  EXPECT_FALSE(lookup("a", 1, "one#1").step.has_value());
  EXPECT_EQ(gateOf(store_->completeStep("a", 1, "one#1", "result", 1000)), Gate::kProceed);
  EXPECT_EQ(gateOf(store_->failStep("a", 1, "two#1", 3, {"Error", "boom"}, 1000)), Gate::kProceed);

  // Another connection (another thread) and a reopened file see the same.
  store_ = open();
  StepLookup one = lookup("a", 1, "one#1");
  ASSERT_TRUE(one.step.has_value());
  EXPECT_EQ(one.step->state, StepRecord::State::kDone);
  EXPECT_EQ(one.step->value, "result");
  StepLookup two = lookup("a", 1, "two#1");
  ASSERT_TRUE(two.step.has_value());
  EXPECT_EQ(two.step->state, StepRecord::State::kFailed);
  EXPECT_EQ(two.step->error.name, "Error");
  EXPECT_EQ(two.step->error.message, "boom");
  EXPECT_EQ(two.step->attempts, 3);

  EXPECT_EQ(gateOf(store_->complete("a", 1, "output", 1000)), Gate::kProceed);
  InstanceRecord a = instance("a");
  EXPECT_EQ(statusName(a.status), "complete");
  EXPECT_EQ(a.output, "output");
}

TEST_F(WorkflowStoreTest, RetriesAndSleepsAreDeferredUntilTheirTime) {
  ASSERT_TRUE(store_->create("a", "p", 1000).value());
  ASSERT_EQ(store_->beginRun("a", 1, 1000).value().gate, Gate::kProceed);
  EXPECT_EQ(gateOf(store_->deferStep("a", 1, "flaky#1", 2, 5000, 1000)), Gate::kProceed);
  StepLookup flaky = lookup("a", 1, "flaky#1");
  ASSERT_TRUE(flaky.step.has_value());
  EXPECT_EQ(flaky.step->state, StepRecord::State::kPending);
  EXPECT_EQ(flaky.step->attempts, 2);
  EXPECT_EQ(flaky.step->wake_at, 5000);

  // A retry delay keeps the instance running; a sleep makes it waiting.
  EXPECT_EQ(gateOf(store_->suspend("a", 1, 5000, false, 1000)), Gate::kProceed);
  EXPECT_EQ(status("a"), "running");
  EXPECT_EQ(instance("a").wake_at, 5000);
  EXPECT_EQ(gateOf(store_->suspend("a", 1, 9000, true, 1000)), Gate::kProceed);
  EXPECT_EQ(status("a"), "waiting");
  auto wakeups = store_->unfinishedInstances(1000).value();
  ASSERT_EQ(wakeups.size(), 1u);
  EXPECT_EQ(wakeups[0].id, "a");
  EXPECT_EQ(wakeups[0].wake_at, 9000);

  // The replay clears its wake-up time; it is running again once past what it waited for.
  ASSERT_EQ(store_->beginRun("a", 1, 9000).value().gate, Gate::kProceed);
  EXPECT_EQ(status("a"), "waiting");
  EXPECT_FALSE(instance("a").wake_at.has_value());
  ASSERT_EQ(gateOf(store_->completeStep("a", 1, "nap#1", "", 9000)), Gate::kProceed);
  EXPECT_EQ(status("a"), "running");
}

TEST_F(WorkflowStoreTest, EventsWaitForTheirStepAndAreTakenInOrder) {
  ASSERT_TRUE(store_->create("a", "p", 1000).value());
  ASSERT_EQ(store_->addEvent("a", "approval", "first", 1100).value(), ControlOutcome::kDone);
  ASSERT_EQ(store_->addEvent("a", "approval", "second", 1200).value(), ControlOutcome::kDone);
  EXPECT_EQ(store_->addEvent("missing", "approval", "x", 1200).value(), ControlOutcome::kNotFound);
  ASSERT_EQ(store_->beginRun("a", 1, 1300).value().gate, Gate::kProceed);

  StepLookup other = store_->takeEvent("a", 1, "w#1", "other", 1300).value();
  EXPECT_EQ(other.gate, Gate::kProceed);
  EXPECT_FALSE(other.step.has_value());
  StepLookup first = store_->takeEvent("a", 1, "w#1", "approval", 1300).value();
  ASSERT_TRUE(first.step.has_value());
  EXPECT_EQ(first.step->value, "first");
  EXPECT_EQ(first.step->event_type, "approval");
  EXPECT_EQ(first.step->event_timestamp, 1100);
  // Recorded: a replay reads the same event back instead of taking the next one.
  StepLookup replay = lookup("a", 1, "w#1");
  ASSERT_TRUE(replay.step.has_value());
  EXPECT_EQ(replay.step->value, "first");
  EXPECT_EQ(store_->takeEvent("a", 1, "w#2", "approval", 1300).value().step->value, "second");
  EXPECT_FALSE(store_->takeEvent("a", 1, "w#3", "approval", 1300).value().step.has_value());

  ASSERT_EQ(gateOf(store_->complete("a", 1, "", 1400)), Gate::kProceed);
  EXPECT_EQ(store_->addEvent("a", "approval", "late", 1500).value(), ControlOutcome::kFinished);
}

TEST_F(WorkflowStoreTest, APauseTakesEffectAtTheRunsNextStepBoundary) {
  ASSERT_TRUE(store_->create("a", "p", 1000).value());
  ASSERT_EQ(store_->beginRun("a", 1, 1000).value().gate, Gate::kProceed);
  ASSERT_EQ(store_->pause("a", 1500).value(), ControlOutcome::kDone);
  EXPECT_EQ(status("a"), "waitingForPause");
  // The step that was running completes and is kept; the run then stops.
  EXPECT_EQ(gateOf(store_->completeStep("a", 1, "s#1", "v", 1600)), Gate::kPause);
  EXPECT_EQ(status("a"), "paused");
  EXPECT_EQ(lookup("a", 1, "s#1").gate, Gate::kPause);
  EXPECT_TRUE(store_->unfinishedInstances(1700).value().empty());

  ASSERT_EQ(store_->resume("a", 2000).value(), ControlOutcome::kDone);
  EXPECT_EQ(status("a"), "queued");
  ASSERT_EQ(store_->beginRun("a", 1, 2000).value().gate, Gate::kProceed);
  StepLookup s = lookup("a", 1, "s#1");
  EXPECT_EQ(s.gate, Gate::kProceed);
  EXPECT_EQ(s.step->value, "v");
}

TEST_F(WorkflowStoreTest, PausingASleepingInstanceMovesItsSleepByThePausedTime) {
  ASSERT_TRUE(store_->create("a", "p", 1000).value());
  ASSERT_EQ(store_->beginRun("a", 1, 1000).value().gate, Gate::kProceed);
  ASSERT_EQ(gateOf(store_->deferStep("a", 1, "nap#1", 0, 11000, 1000)), Gate::kProceed);
  ASSERT_EQ(gateOf(store_->suspend("a", 1, 11000, true, 1000)), Gate::kProceed);
  ASSERT_EQ(store_->pause("a", 2000).value(), ControlOutcome::kDone);
  EXPECT_EQ(status("a"), "paused");
  ASSERT_EQ(store_->resume("a", 7000).value(), ControlOutcome::kDone);
  ASSERT_EQ(store_->beginRun("a", 1, 7000).value().gate, Gate::kProceed);
  EXPECT_EQ(lookup("a", 1, "nap#1").step->wake_at, 16000);
}

TEST_F(WorkflowStoreTest, TerminateAbandonsTheRunAndFinishesTheInstance) {
  ASSERT_TRUE(store_->create("a", "p", 1000).value());
  ASSERT_EQ(store_->beginRun("a", 1, 1000).value().gate, Gate::kProceed);
  ASSERT_EQ(store_->terminate("a").value(), ControlOutcome::kDone);
  EXPECT_EQ(status("a"), "terminated");
  EXPECT_EQ(gateOf(store_->completeStep("a", 1, "s#1", "v", 1100)), Gate::kAbandon);
  EXPECT_FALSE(lookup("a", 1, "s#1").step.has_value());
  EXPECT_EQ(gateOf(store_->complete("a", 1, "out", 1100)), Gate::kAbandon);
  EXPECT_EQ(status("a"), "terminated");
  EXPECT_EQ(store_->terminate("a").value(), ControlOutcome::kFinished);
  EXPECT_EQ(store_->terminate("missing").value(), ControlOutcome::kNotFound);
}

TEST_F(WorkflowStoreTest, RestartForgetsStepsAndTellsTheOldRunToStop) {
  ASSERT_TRUE(store_->create("a", "p", 1000).value());
  ASSERT_EQ(store_->beginRun("a", 1, 1000).value().gate, Gate::kProceed);
  ASSERT_EQ(gateOf(store_->completeStep("a", 1, "s#1", "v", 1000)), Gate::kProceed);
  ASSERT_EQ(gateOf(store_->fail("a", 1, {"Error", "boom"}, 1000)), Gate::kProceed);
  EXPECT_EQ(status("a"), "errored");
  EXPECT_EQ(instance("a").error->message, "boom");

  ASSERT_EQ(store_->restart("a", 5000).value(), ControlOutcome::kDone);
  InstanceRecord a = instance("a");
  EXPECT_EQ(statusName(a.status), "queued");
  EXPECT_EQ(a.generation, 2);
  EXPECT_FALSE(a.error.has_value());
  EXPECT_EQ(store_->beginRun("a", 1, 5000).value().gate, Gate::kAbandon);
  ASSERT_EQ(store_->beginRun("a", 2, 5000).value().gate, Gate::kProceed);
  EXPECT_FALSE(lookup("a", 2, "s#1").step.has_value());
  EXPECT_EQ(store_->restart("missing", 5000).value(), ControlOutcome::kNotFound);
}

TEST_F(WorkflowStoreTest, TheEngineResumesUnfinishedInstances) {
  for (const char* id : {"queued", "running", "waiting", "paused", "done", "pausing"}) {
    ASSERT_TRUE(store_->create(id, "p", 1000).value());
  }
  ASSERT_EQ(store_->beginRun("running", 1, 1000).value().gate, Gate::kProceed);
  ASSERT_EQ(store_->beginRun("waiting", 1, 1000).value().gate, Gate::kProceed);
  ASSERT_EQ(gateOf(store_->suspend("waiting", 1, 8000, true, 1000)), Gate::kProceed);
  ASSERT_EQ(store_->pause("paused", 1000).value(), ControlOutcome::kDone);
  ASSERT_EQ(store_->beginRun("done", 1, 1000).value().gate, Gate::kProceed);
  ASSERT_EQ(gateOf(store_->complete("done", 1, "", 1000)), Gate::kProceed);
  ASSERT_EQ(store_->beginRun("pausing", 1, 1000).value().gate, Gate::kProceed);
  ASSERT_EQ(store_->pause("pausing", 1000).value(), ControlOutcome::kDone);

  store_ = open();
  std::vector<std::string> ids;
  auto wakeups = store_->unfinishedInstances(2000);
  ASSERT_TRUE(wakeups.ok());
  for (const Wakeup& wakeup : wakeups.value()) ids.push_back(wakeup.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"queued", "running", "waiting"}));
  // A pause asked for while the (now dead) run was busy took effect.
  EXPECT_EQ(status("pausing"), "paused");
}

TEST(WorkflowStatus, NamesRoundTrip) {
  for (auto status : {InstanceStatus::kQueued, InstanceStatus::kRunning, InstanceStatus::kPaused,
                      InstanceStatus::kErrored, InstanceStatus::kTerminated, InstanceStatus::kComplete,
                      InstanceStatus::kWaitingForPause, InstanceStatus::kWaiting}) {
    EXPECT_EQ(parseStatus(statusName(status)), status);
  }
  EXPECT_FALSE(parseStatus("unknown").has_value());
}

}  // namespace
}  // namespace edged::bindings::workflows
