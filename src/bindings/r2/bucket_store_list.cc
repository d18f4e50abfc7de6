// BucketStore::list: keys in byte order after `start_after`, under `prefix`; with a delimiter,
// keys that continue past the prefix with it are rolled up into one delimited prefix each
// (counted once against the limit, as R2 does).
#include "bucket_rows.h"

namespace edged::bindings::r2 {

Result<ListPage> BucketStore::list(const ListOptions& options, bool with_http, bool with_custom) {
  // Keys with the prefix form one contiguous run in byte order: start there, stop after it.
  std::string start = std::max(options.start_after, options.prefix);
  bool inclusive = options.start_after < options.prefix;
  Result<storage::Statement> stmt = db_.prepare(
      inclusive ? "SELECT key, blob, version, size, etag, uploaded, checksums, http_metadata,"
                  " custom_metadata, storage_class FROM objects WHERE key >= ? ORDER BY key"
                : "SELECT key, blob, version, size, etag, uploaded, checksums, http_metadata,"
                  " custom_metadata, storage_class FROM objects WHERE key > ? ORDER BY key");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, start);
  ListPage page;
  size_t entries = 0;
  std::string last_key;
  std::string open_prefix;  // the delimited prefix whose keys are being skipped
  for (;;) {
    Result<bool> row = stmt->step();
    if (!row.ok()) return row.error();
    if (!row.value()) return page;
    std::string_view key = stmt->columnText(0);
    if (!key.starts_with(options.prefix)) break;
    if (!open_prefix.empty() && key.starts_with(open_prefix)) {
      last_key = std::string(key);
      continue;
    }
    open_prefix.clear();
    if (entries == static_cast<size_t>(options.limit)) {  // one more exists: a next page
      page.next_start_after = last_key;
      break;
    }
    ++entries;
    last_key = std::string(key);
    if (!options.delimiter.empty()) {
      size_t at = key.find(options.delimiter, options.prefix.size());
      if (at != std::string_view::npos) {
        open_prefix = std::string(key.substr(0, at + options.delimiter.size()));
        page.delimited_prefixes.push_back(open_prefix);
        continue;
      }
    }
    ObjectMeta meta = readObjectRow(stmt.value());
    meta.blob.clear();
    if (!with_http) meta.http_metadata.clear();
    if (!with_custom) meta.custom_metadata.clear();
    page.objects.push_back(std::move(meta));
  }
  stmt->reset();
  return page;
}

}  // namespace edged::bindings::r2
