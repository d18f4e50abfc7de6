// The admin listener's Workers KV routes (Cloudflare's /accounts/:id/storage/kv/namespaces API,
// what `wrangler kv key … --remote` and `wrangler kv namespace list` call). A namespace id is
// the namespace name edged's KV binding uses (a binding's `id`), so these read and write the
// very files a deployed Worker's env.<KV> does (bindings/kv: <data-dir>/kv/<id>.sqlite), under
// the same limits. Each call opens the namespace file for its own duration on the admin thread;
// SQLite's locking lets it share the file with the serving threads.

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "edged/bindings/kv/kv_limits.h"
#include "edged/bindings/kv/kv_namespaces.h"
#include "edged/bindings/kv/kv_store.h"
#include "edged/server/admin_server.h"
#include "edged/server/multipart_form.h"
#include "edged/util/clock.h"
#include "edged/util/json_escape.h"

namespace edged::server {
namespace {

namespace fs = std::filesystem;
namespace kv = bindings::kv;

constexpr const char* kNamespaces = "/client/v4/accounts/:account_id/storage/kv/namespaces";

int64_t nowSeconds() { return static_cast<int64_t>(clock::nowMs() / 1000); }

// A limit refused as the service refuses it: "KV PUT failed: 414 <text>" → 414 and <text>.
AdminResponse refusal(const kv::KvArgumentError& error) {
  int status = 400;
  std::string message = error.message;
  size_t failed = message.find("failed: ");
  if (!error.type_error && failed != std::string::npos && failed + 12 <= message.size()) {
    status = std::atoi(message.c_str() + failed + 8);
    message = message.substr(failed + 12);
  }
  if (status < 400 || status > 499) status = 400;
  return apiError(status, 10021, message);
}

// The namespace file named by the path's :namespace_id; null with `answer` set when the id
// cannot name one.
std::optional<fs::path> namespacePath(const fs::path& data_dir, const AdminRequest& request,
                                      AdminResponse* answer) {
  auto id = percentDecode(request.params.at("namespace_id"));
  if (!id || id->empty()) {
    *answer = apiError(400, 10011, "Could not parse the namespace id");
    return std::nullopt;
  }
  return kv::namespaceFile(data_dir, *id);
}

// The key of a …/values/:key_name path: percent-decoded, as wrangler encodes it.
std::optional<std::string> keyName(const AdminRequest& request, std::string_view method,
                                   AdminResponse* answer) {
  auto key = percentDecode(request.params.at("key_name"));
  if (!key) {
    *answer = apiError(400, 10021, "Could not percent-decode the key name");
    return std::nullopt;
  }
  if (auto error = kv::checkKey(method, *key)) {
    *answer = refusal(*error);
    return std::nullopt;
  }
  return key;
}

// Opens the store of an existing namespace (reads never create one); null when there is none.
Result<std::unique_ptr<kv::KvStore>> openExisting(const fs::path& path) {
  if (!fs::exists(path)) return std::unique_ptr<kv::KvStore>();
  return kv::KvStore::open(path);
}

std::optional<double> numberParam(const AdminRequest& request, std::string_view name) {
  auto text = queryParam(request, name);
  if (!text) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text->c_str(), &end);
  return text->empty() || *end != '\0' ? std::nan("") : value;
}

AdminResponse keyNotFound(std::string_view operation) {
  return apiError(404, 10009, std::string(operation) + ": 'key not found'");
}

// PUT …/values/:key: the body is the value, or a multipart form with `value` and `metadata`
// parts; ?expiration= (seconds since the epoch) or ?expiration_ttl= (seconds from now).
AdminResponse putValue(const fs::path& data_dir, const AdminRequest& request) {
  AdminResponse answer;
  auto path = namespacePath(data_dir, request, &answer);
  if (!path) return answer;
  auto key = keyName(request, "PUT", &answer);
  if (!key) return answer;
  std::string value = request.body;
  std::optional<std::string> metadata;
  std::string content_type = headerValue(request, "Content-Type");
  if (content_type.starts_with("multipart/form-data")) {
    auto parts = parseMultipartForm(content_type, request.body);
    if (!parts.ok()) return apiError(400, 10021, parts.error().message);
    bool has_value = false;
    for (FormPart& part : parts.value()) {
      if (part.name == "value") {
        value = std::move(part.body);
        has_value = true;
      } else if (part.name == "metadata") {
        metadata = std::move(part.body);
      }
    }
    if (!has_value) return apiError(400, 10021, "the form has no \"value\" part");
  }
  if (metadata) {
    simdjson::dom::parser parser;
    if (parser.parse(*metadata).error() != simdjson::SUCCESS)
      return apiError(400, 10021, "metadata is not valid JSON");
    if (auto error = kv::checkMetadataSize(metadata->size())) return refusal(*error);
  }
  if (auto error = kv::checkValueSize(value.size())) return refusal(*error);
  auto expiration = kv::resolveExpiration(numberParam(request, "expiration"),
                                          numberParam(request, "expiration_ttl"), nowSeconds());
  if (auto* error = std::get_if<kv::KvArgumentError>(&expiration)) return refusal(*error);
  auto store = kv::KvStore::open(*path);
  if (!store.ok()) return apiError(500, 10001, store.error().message);
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(value.data()), value.size());
  std::optional<std::string_view> metadata_view;
  if (metadata) metadata_view = *metadata;
  Status written =
      store.value()->put(*key, bytes, std::get<std::optional<int64_t>>(expiration), metadata_view);
  if (!written.ok()) return apiError(500, 10001, written.error().message);
  return apiResult("{}");
}

// GET …/values/:key answers the value's bytes themselves (not JSON); GET …/metadata/:key
// answers its metadata (null when it has none) in the envelope.
AdminResponse getValue(const fs::path& data_dir, const AdminRequest& request, bool metadata_only) {
  AdminResponse answer;
  auto path = namespacePath(data_dir, request, &answer);
  if (!path) return answer;
  auto key = keyName(request, "GET", &answer);
  if (!key) return answer;
  const char* operation = metadata_only ? "metadata" : "get";
  auto store = openExisting(*path);
  if (!store.ok()) return apiError(500, 10001, store.error().message);
  if (!store.value()) return keyNotFound(operation);
  auto entry = store.value()->get(*key, nowSeconds());
  if (!entry.ok()) return apiError(500, 10001, entry.error().message);
  if (!entry.value()) return keyNotFound(operation);
  if (metadata_only) return apiResult(entry.value()->metadata.value_or("null"));
  return {200, "application/octet-stream", std::move(entry.value()->value)};
}

AdminResponse deleteValue(const fs::path& data_dir, const AdminRequest& request) {
  AdminResponse answer;
  auto path = namespacePath(data_dir, request, &answer);
  if (!path) return answer;
  auto key = keyName(request, "DELETE", &answer);
  if (!key) return answer;
  auto store = openExisting(*path);
  if (!store.ok()) return apiError(500, 10001, store.error().message);
  if (store.value()) {
    if (Status removed = store.value()->remove(*key); !removed.ok())
      return apiError(500, 10001, removed.error().message);
  }
  return apiResult("{}");
}

// GET …/keys?prefix=&limit=&cursor=: one page, with `result_info.cursor` when more follow.
AdminResponse listKeys(const fs::path& data_dir, const AdminRequest& request) {
  AdminResponse answer;
  auto path = namespacePath(data_dir, request, &answer);
  if (!path) return answer;
  kv::KvListOptions options;
  options.prefix = queryParam(request, "prefix").value_or("");
  options.cursor = queryParam(request, "cursor").value_or("");
  if (auto error = kv::checkListPrefix(options.prefix)) return refusal(*error);
  auto limit = kv::listLimit(numberParam(request, "limit"));
  if (auto* error = std::get_if<kv::KvArgumentError>(&limit)) return refusal(*error);
  options.limit = std::get<int64_t>(limit);
  std::string keys;
  std::string cursor;
  auto store = openExisting(*path);
  if (!store.ok()) return apiError(500, 10001, store.error().message);
  if (store.value()) {
    auto page = store.value()->list(options, nowSeconds());
    if (!page.ok()) return apiError(500, 10001, page.error().message);
    for (const kv::KvListKey& key : page->keys) {
      keys += (keys.empty() ? "" : ",") + std::string("{\"name\":") + jsonQuote(key.name);
      if (key.expiration) keys += ",\"expiration\":" + std::to_string(*key.expiration);
      if (key.metadata) keys += ",\"metadata\":" + *key.metadata;
      keys += "}";
    }
    cursor = page->cursor.value_or("");
  }
  return {200, "application/json",
          "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[" + keys +
              "],\"result_info\":{\"cursor\":" + jsonQuote(cursor) + "}}"};
}

// The namespaces that have a file under <data-dir>/kv/, by id (the file name, decoded).
std::vector<std::string> namespaceIds(const fs::path& data_dir) {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(data_dir / "kv", ec)) {
    if (entry.path().extension() != ".sqlite") continue;
    if (auto id = percentDecode(entry.path().stem().string())) ids.push_back(*id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// GET …/namespaces?page=&per_page=: edged's namespaces have no separate title; it is the id.
AdminResponse listNamespaces(const fs::path& data_dir, const AdminRequest& request) {
  std::vector<std::string> ids = namespaceIds(data_dir);
  double page = numberParam(request, "page").value_or(1);
  double per_page = numberParam(request, "per_page").value_or(20);
  if (!(page >= 1) || !(per_page >= 1) || per_page > 1000) {
    return apiError(400, 10021, "page must be at least 1 and per_page from 1 to 1000");
  }
  size_t size = static_cast<size_t>(per_page);
  size_t first = std::min(ids.size(), (static_cast<size_t>(page) - 1) * size);
  size_t last = std::min(ids.size(), first + size);
  std::string list;
  for (size_t i = first; i < last; ++i) {
    list += (list.empty() ? "" : ",") + std::string("{\"id\":") + jsonQuote(ids[i]) +
            ",\"title\":" + jsonQuote(ids[i]) + ",\"supports_url_encoding\":true}";
  }
  return {200, "application/json",
          "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[" + list +
              "],\"result_info\":{\"page\":" + std::to_string(static_cast<size_t>(page)) +
              ",\"per_page\":" + std::to_string(size) +
              ",\"count\":" + std::to_string(last - first) +
              ",\"total_count\":" + std::to_string(ids.size()) + "}}"};
}

}  // namespace

void addKvRoutes(AdminServer& admin, const fs::path& data_dir) {
  std::string ns = std::string(kNamespaces) + "/:namespace_id";
  admin.addRoute("GET", kNamespaces, [data_dir](AdminRequest request, AdminRespond respond) {
    respond(listNamespaces(data_dir, request));
  });
  admin.addRoute("GET", ns + "/keys", [data_dir](AdminRequest request, AdminRespond respond) {
    respond(listKeys(data_dir, request));
  });
  admin.addRoute("PUT", ns + "/values/:key_name",
                 [data_dir](AdminRequest request, AdminRespond respond) {
                   respond(putValue(data_dir, request));
                 });
  admin.addRoute("GET", ns + "/values/:key_name",
                 [data_dir](AdminRequest request, AdminRespond respond) {
                   respond(getValue(data_dir, request, /*metadata_only=*/false));
                 });
  admin.addRoute("DELETE", ns + "/values/:key_name",
                 [data_dir](AdminRequest request, AdminRespond respond) {
                   respond(deleteValue(data_dir, request));
                 });
  admin.addRoute("GET", ns + "/metadata/:key_name",
                 [data_dir](AdminRequest request, AdminRespond respond) {
                   respond(getValue(data_dir, request, /*metadata_only=*/true));
                 });
}

}  // namespace edged::server
