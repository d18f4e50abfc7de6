// `edged r2 object …` acts on the same bucket directory a served Worker's R2 binding uses,
// through the same store (bindings/r2): an object put here is written atomically and durably
// like a Worker's put, and is safe while `edged serve` runs.
#include "edged/server/r2_command.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/bindings/r2/blob_upload.h"
#include "edged/bindings/r2/bucket_store.h"
#include "edged/storage/blob_file.h"
#include "edged/util/json_escape.h"

namespace edged::server {

const char* const kR2Usage = R"(  r2 object put <bucket>/<key>     store an object in the local data of an R2 bucket
      --file <path>        the object's bytes (default: standard input)
      --content-type <t>   its httpMetadata.contentType
  r2 object get <bucket>/<key>     write an object's bytes to standard output
      --file <path>        write them to this file instead
  r2 object delete <bucket>/<key>  delete an object
    each takes --data-dir <dir> (default: <config dir>/.edged), --config <wrangler.jsonc>;
    --local is accepted (always local)
)";

namespace {

using bindings::r2::BucketStore;

struct R2Args {
  std::string action;
  std::string bucket;
  std::string key;
  std::optional<std::string> file, content_type, data_dir, config;
};

int usageError(const std::string& message) {
  std::fprintf(stderr, "edged r2: %s\n\nusage:\n%s", message.c_str(), kR2Usage);
  return 2;
}

int failure(const std::string& message) {
  std::fprintf(stderr, "edged r2: %s\n", message.c_str());
  return 1;
}

std::optional<std::string> parseArgs(int argc, char** argv, R2Args& args) {
  if (argc < 4 || std::string_view(argv[2]) != "object") return "expected `r2 object <action>`";
  args.action = argv[3];
  if (args.action != "put" && args.action != "get" && args.action != "delete") {
    return "unknown action \"" + args.action + "\"";
  }
  std::optional<std::string> path;
  for (int i = 4; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&](std::optional<std::string>& out) -> bool {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    bool ok = true;
    if (arg == "--file" || arg == "--pipe") {
      ok = arg == "--pipe" || value(args.file);
    } else if (arg == "--content-type") {
      ok = value(args.content_type);
    } else if (arg == "--data-dir") {
      ok = value(args.data_dir);
    } else if (arg == "--config" || arg == "-c") {
      ok = value(args.config);
    } else if (arg == "--local") {
    } else if (!arg.starts_with("-") && !path) {
      path = std::string(arg);
    } else {
      return "unknown option " + std::string(arg);
    }
    if (!ok) return std::string(arg) + " needs a value";
  }
  if (!path) return "missing <bucket>/<key>";
  size_t slash = path->find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == path->size()) {
    return "expected <bucket>/<key>, got \"" + *path + "\"";
  }
  args.bucket = path->substr(0, slash);
  args.key = path->substr(slash + 1);
  if (args.key.size() > bindings::r2::kMaxKeyBytes) return "the key is longer than 1024 bytes";
  return std::nullopt;
}

int put(BucketStore& store, const R2Args& args) {
  FILE* in = stdin;
  if (args.file) {
    in = std::fopen(args.file->c_str(), "rb");
    if (in == nullptr) return failure("cannot open " + *args.file);
  }
  std::string blob = BucketStore::newBlobName();
  auto upload = bindings::r2::BlobUpload::create(store.blobPath(blob), std::nullopt);
  if (!upload.ok()) return failure(upload.error().message);
  std::vector<uint8_t> buffer(size_t{1} << 20);
  for (;;) {
    size_t n = std::fread(buffer.data(), 1, buffer.size(), in);
    if (n > 0) {
      Status appended = upload->append(std::span<const uint8_t>(buffer.data(), n));
      if (!appended.ok()) return failure(appended.error().message);
    }
    if (n < buffer.size()) break;
  }
  bool read_failed = std::ferror(in) != 0;
  if (in != stdin) std::fclose(in);
  if (read_failed) return failure("cannot read the object's bytes");
  bindings::r2::R2Error r2_error;
  auto finished = upload->finish(&r2_error);
  if (!finished.ok()) return failure(finished.error().message);
  bindings::r2::ObjectMeta object;
  object.key = args.key;
  object.blob = blob;
  object.size = finished->size;
  object.etag = finished->md5_hex;
  object.checksums = finished->checksums_json;
  if (args.content_type) object.http_metadata = R"({"contentType":)" + jsonQuote(*args.content_type) + "}";
  auto committed = store.commitObject(std::move(object), nullptr);
  if (!committed.ok()) {
    store.unlinkBlobs({blob});
    return failure(committed.error().message);
  }
  std::fprintf(stderr, "Uploaded %s/%s (%llu bytes, etag %s)\n", args.bucket.c_str(),
               args.key.c_str(), static_cast<unsigned long long>(committed->object.size),
               committed->object.etag.c_str());
  return 0;
}

int get(BucketStore& store, const R2Args& args) {
  std::optional<storage::FileReader> reader;
  for (int attempt = 0; attempt < 4 && !reader; ++attempt) {  // the blob may just be replaced
    auto meta = store.head(args.key);
    if (!meta.ok()) return failure(meta.error().message);
    if (!meta.value()) return failure("object \"" + args.key + "\" not found in bucket \"" + args.bucket + "\"");
    auto opened = storage::FileReader::open(store.blobPath(meta.value()->blob));
    if (opened.ok()) reader.emplace(std::move(opened).value());
  }
  if (!reader) return failure("cannot open the object's file");
  FILE* out = stdout;
  if (args.file) {
    out = std::fopen(args.file->c_str(), "wb");
    if (out == nullptr) return failure("cannot create " + *args.file);
  }
  std::vector<uint8_t> buffer(size_t{1} << 20);
  for (uint64_t offset = 0; offset < reader->size();) {
    auto n = reader->readAt(offset, buffer);
    if (!n.ok() || n.value() == 0) return failure("cannot read the object's file");
    if (std::fwrite(buffer.data(), 1, n.value(), out) != n.value()) return failure("cannot write");
    offset += n.value();
  }
  if (out != stdout && std::fclose(out) != 0) return failure("cannot write " + *args.file);
  return 0;
}

}  // namespace

int runR2Command(int argc, char** argv) {
  R2Args args;
  if (auto error = parseArgs(argc, argv, args)) return usageError(*error);
  // One plain directory name, as the binding requires (r2_state.cc).
  if (args.bucket.front() == '.' ||
      args.bucket.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") !=
          std::string::npos) {
    return usageError("invalid bucket name \"" + args.bucket + "\"");
  }
  std::filesystem::path data_dir;
  if (args.data_dir) {
    data_dir = *args.data_dir;
  } else {
    std::filesystem::path config = std::filesystem::absolute(args.config.value_or("wrangler.jsonc"));
    data_dir = config.parent_path() / ".edged";
  }
  std::filesystem::path dir = data_dir / "r2" / args.bucket;
  if (args.action != "put" && !std::filesystem::exists(dir / "index.sqlite")) {
    return failure("object \"" + args.key + "\" not found: no bucket \"" + args.bucket + "\" in " +
                   data_dir.string());
  }
  auto store = BucketStore::open(dir);
  if (!store.ok()) return failure(store.error().message);
  if (args.action == "put") return put(store.value(), args);
  if (args.action == "get") return get(store.value(), args);
  Status removed = store->remove({args.key});
  if (!removed.ok()) return failure(removed.error().message);
  std::fprintf(stderr, "Deleted %s/%s\n", args.bucket.c_str(), args.key.c_str());
  return 0;
}

}  // namespace edged::server
