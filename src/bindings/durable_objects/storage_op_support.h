#pragma once
// What the storage ops share: finding the object's storage from the handle argument and
// turning a StorageError into the JavaScript exception a Worker sees.

#include <v8-function-callback.h>

#include "edged/bindings/durable_objects/object_storage.h"
#include "edged/runtime/realm.h"

namespace edged::bindings::durable_objects {

// The storage of the object whose handle is info[0]; null (with an exception thrown) when the
// handle is unknown or the file cannot be opened.
ObjectStorage* storageFor(const v8::FunctionCallbackInfo<v8::Value>& info);

// Throws `error`: TypeError, RangeError or Error with workerd's text for a Worker's mistake;
// for an internal failure, logs it with a reference id and throws
// "internal error; reference = <id>".
void throwStorageError(v8::Isolate* isolate, const StorageError& error);

}  // namespace edged::bindings::durable_objects
