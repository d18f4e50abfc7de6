#pragma once
// The native ops behind ctx.storage (runtime-js/api/50_durable_object_storage.js). Each takes
// the object's handle first and finds its storage through findObjectStorage(). Values of the
// key-value API are structured-cloned here (V8 serialization); SQL values arrive already
// converted by the JS half (null, number, string, ArrayBuffer or view). Calls are synchronous:
// the promises the JS half returns resolve without waiting for I/O, so Cloudflare's input gate
// holds by itself.

#include <v8-function-callback.h>

#include <cstdint>
#include <functional>
#include <optional>

#include "edged/runtime/realm.h"

namespace edged::bindings::durable_objects {

// What the Durable Object runtime wires into a realm to hear of alarm changes: called right
// after setAlarm() (the time) or deleteAlarm() (nullopt) wrote, before the write commits (see
// alarm_index.h for the order this allows).
struct StorageAlarmHook : runtime::RealmState {
  std::function<void(int32_t handle, std::optional<int64_t> scheduled_ms)> on_alarm_changed;
};

// doStorageGet(handle, key) → value | undefined
void opDoStorageGet(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStorageGetMany(handle, keys[]) → [key, value, key, value…] in key order, missing keys left out
void opDoStorageGetMany(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStoragePut(handle, key, value)
void opDoStoragePut(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStoragePutMany(handle, [key, value, key, value…]): all or none
void opDoStoragePutMany(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStorageDelete(handle, key) → existed
void opDoStorageDelete(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStorageDeleteMany(handle, keys[]) → how many existed
void opDoStorageDeleteMany(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStorageList(handle, start, startAfter, end, prefix, reverse, limit) → [key, value…]; each
// bound undefined when absent
void opDoStorageList(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStorageDeleteAll(handle) → keys deleted
void opDoStorageDeleteAll(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStorageGetAlarm(handle) → ms | null; doStorageSetAlarm(handle, ms); doStorageDeleteAlarm(handle)
void opDoStorageGetAlarm(const v8::FunctionCallbackInfo<v8::Value>& info);
void opDoStorageSetAlarm(const v8::FunctionCallbackInfo<v8::Value>& info);
void opDoStorageDeleteAlarm(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStorageSqlEnabled(handle) → whether the class has the SQLite backend (the SQL API)
void opDoStorageSqlEnabled(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStorageSqlExec(handle, query, bindings[]) → [columnNames, rows[][], rowsRead, rowsWritten]
void opDoStorageSqlExec(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStorageDatabaseSize(handle) → bytes
void opDoStorageDatabaseSize(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStorageTransactionBegin(handle) → depth; …Commit(handle); …Rollback(handle)
void opDoStorageTransactionBegin(const v8::FunctionCallbackInfo<v8::Value>& info);
void opDoStorageTransactionCommit(const v8::FunctionCallbackInfo<v8::Value>& info);
void opDoStorageTransactionRollback(const v8::FunctionCallbackInfo<v8::Value>& info);
// doStorageSync(handle): commits the writes made so far (storage.sync())
void opDoStorageSync(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::durable_objects
