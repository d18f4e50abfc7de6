#pragma once
// The Durable Objects side of one realm (one Worker isolate on one thread). As a caller it sends
// stub calls through the router and settles their promises when the replies come back. As an
// owner it keeps the objects that live here: their handles, their storage, the replies they
// produced, and their idle clocks.
//
// Cloudflare's output gate: a reply produced during a turn of JavaScript is held until the turn
// ends and the storage writes made before it are committed (Realm::addTurnEndHook); if a commit
// fails the reply becomes an error and the object is reset.

#include <uv.h>
#include <v8-promise.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "edged/api/websocket_channel.h"
#include "edged/bindings/durable_objects/alarm_scheduler.h"
#include "edged/bindings/durable_objects/object_router.h"
#include "edged/runtime/realm.h"

namespace edged::bindings::durable_objects {

class ObjectStorage;

// A Durable Object class the Worker exports and binds, and its storage backend (from the
// migration that created it: new_sqlite_classes or new_classes).
struct ObjectClass {
  std::string name;
  bool sqlite = true;
};

struct ObjectHostOptions {
  ObjectRouter* router = nullptr;
  size_t thread = 0;                  // this realm's thread index in the router
  uint64_t idle_timeout_ms = 70'000;  // an object with nothing to do leaves memory after this
  std::vector<ObjectClass> classes;   // this Worker's classes (their alarms are loaded at attach)
};

class ObjectHost : public runtime::RealmState {
 public:
  ~ObjectHost() override;

  // Connects `realm` to the router; before its Worker handles anything.
  static void attach(runtime::Realm& realm, ObjectHostOptions options);
  // The host of `realm`, or null when the realm was never attached (then stubs throw).
  static ObjectHost* of(runtime::Realm& realm);

  // Caller side: routes `call` (its reply is filled in here) and returns the promise of its
  // deserialized reply. Inside the realm only.
  v8::Local<v8::Promise> send(ObjectCall call);

  // Owner side: runs `call` on its object in this realm (on the owner thread).
  void deliver(ObjectCall call);
  // A reply from JavaScript for the event `token`; held until the turn ends.
  void reply(int32_t token, std::string serialized);
  // The storage of live object `handle`, opened on first use; null for an unknown handle.
  ObjectStorage* storage(int32_t handle);

  // Hibernatable WebSockets (ctx.acceptWebSocket). They are kept here by object, not by live
  // instance: they stay open while the object is evicted, and an event rebuilds it.
  struct HibernatableSocket {
    std::vector<std::string> tags;
    std::string attachment;  // serialized; empty: none
    std::optional<int64_t> auto_response_ms;  // when the automatic response last answered
  };
  struct ObjectSockets {
    std::map<int32_t, HibernatableSocket> by_id;  // by WebSocket id in this realm
    std::optional<std::pair<std::string, std::string>> auto_response;  // request → response
  };
  // The sockets of live object `handle` (null for an unknown handle).
  ObjectSockets* sockets(int32_t handle);
  // Starts delivering socket `socket`'s events to object `handle` as webSocketMessage/Close.
  bool acceptWebSocket(int32_t handle, int32_t socket, std::vector<std::string> tags);

 private:
  struct Live {
    ObjectAddress address;
    std::unique_ptr<ObjectStorage> storage;
    uint64_t last_event_ms = 0;
  };
  // What stays valid for replies coming back from other threads after the realm is gone.
  struct Anchor {
    ObjectHost* host;
  };

  int32_t handleFor(const ObjectAddress& address);
  void onAlarmChanged(int32_t handle, std::optional<int64_t> scheduled_ms);
  // Runs a due alarm: its alarm() handler with {retryCount, isRetry}, retried with backoff.
  void fireAlarm(const std::string& class_name, const std::string& id, int64_t scheduled_ms,
                 int retry_count);
  void alarmDone(const ObjectAddress& address, int64_t scheduled_ms, int retry_count,
                 Result<std::string> reply);
  void onSocketEvent(const ObjectAddress& address, int32_t socket, api::WebSocketEvent event);
  void settle(int32_t pending_id, Result<std::string> reply);
  void onTurnEnd();
  void evictIdle();
  static void onEvictTimer(uv_timer_t* timer);

  runtime::Realm* realm_ = nullptr;
  ObjectHostOptions options_;
  std::shared_ptr<Anchor> anchor_;

  // caller side
  int32_t next_pending_ = 1;
  std::map<int32_t, v8::Global<v8::Promise::Resolver>> pending_;

  // owner side
  int32_t next_handle_ = 1;
  std::map<int32_t, Live> live_;
  std::map<std::string, int32_t> handles_;  // "class/id" → handle
  int32_t next_token_ = 1;
  std::map<int32_t, std::function<void(Result<std::string>)>> replies_;
  std::vector<std::pair<std::function<void(Result<std::string>)>, std::string>> held_;
  uv_timer_t* evict_timer_ = nullptr;
  std::map<std::string, ObjectSockets> sockets_;  // "class/id" → its hibernatable sockets
  std::unique_ptr<AlarmScheduler> alarms_;
  // Alarms deleted during this turn: their index entries go once the deletion is committed.
  std::vector<std::pair<std::string, std::string>> cleared_alarms_;
};

}  // namespace edged::bindings::durable_objects
