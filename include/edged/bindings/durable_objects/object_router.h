#pragma once
// Where each Durable Object lives (DESIGN.md "Threads"): every object id has one owner thread,
// chosen by hashing the id, and every event for the object (a stub's fetch or RPC call, an
// alarm, a WebSocket message) is posted to that thread's loop. Process-wide; its threads are
// registered before serving starts, after which every method is thread-safe.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/util/result.h"

namespace edged::bindings::durable_objects {

struct ObjectAddress {
  std::string worker;      // the Worker that exports the class
  std::string class_name;
  std::string id;          // 64 lower-case hex digits
  std::string name;        // the name the id came from, if any
};

enum class CallKind { kFetch, kRpc, kAlarm };

// One event for an object. `payload` and the reply are V8-serialized values (api/serialization.h).
struct ObjectCall {
  ObjectAddress target;
  CallKind kind = CallKind::kRpc;
  std::string payload;
  // Runs once on the owner thread with the serialized outcome ({ok, value} or {ok, error}), or
  // an error when the object could not be reached or could not run the event.
  std::function<void(Result<std::string> reply)> reply;
};

class ObjectRouter {
 public:
  // Queues a task on a thread's loop; false when that loop is stopping.
  using Post = std::function<bool(std::function<void()>)>;
  // Runs on the owner thread for each call routed to it.
  using Deliver = std::function<void(ObjectCall)>;

  // Registers a serving thread; returns its index. Only before serving starts.
  size_t addThread(Post post, Deliver deliver);
  size_t threadCount() const { return threads_.size(); }

  // The thread that owns object `id`.
  size_t ownerOf(std::string_view id) const;
  // Posts `call` to its owner thread. False (and the call is dropped) when that thread is gone.
  bool send(ObjectCall call);
  bool post(size_t thread, std::function<void()> task);

 private:
  struct Thread {
    Post post;
    Deliver deliver;
  };
  std::vector<Thread> threads_;
};

}  // namespace edged::bindings::durable_objects
