#pragma once
// The index rows BucketStore's files share (objects table; see bucket_store.cc for the schema).

#include <optional>
#include <string_view>

#include "edged/bindings/r2/bucket_store.h"
#include "edged/storage/statement.h"

namespace edged::bindings::r2 {

// The wall clock in milliseconds (R2's `uploaded`).
int64_t nowMs();
// An objects row selected as key, blob, version, size, etag, uploaded, checksums,
// http_metadata, custom_metadata, storage_class.
ObjectMeta readObjectRow(const storage::Statement& row);
// The key's object, read inside the caller's transaction.
Result<std::optional<ObjectMeta>> currentObject(storage::Database& db, std::string_view key);
Status writeObjectRow(storage::Database& db, const ObjectMeta& object);

}  // namespace edged::bindings::r2
