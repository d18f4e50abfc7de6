// put and uploadPart: receiving the bytes from JS chunk by chunk (written to a blob file on the
// thread pool, with backpressure), then pointing the index at the finished file.
#include <v8-container.h>
#include <v8-primitive.h>

#include "edged/bindings/r2/r2_ops.h"
#include "edged/runtime/js_values.h"
#include "r2_op_args.h"

namespace edged::bindings::r2 {
namespace {

// Bytes queued for the blob file above which r2PutWrite makes JS wait.
constexpr uint64_t kWriteHighWater = 4 << 20;

std::string_view methodOf(const WriteSession& session) {
  return session.upload_id.empty() ? "put" : "uploadPart";
}

void startJob(runtime::Realm& realm, R2State& state, double id, WriteSession& session);

// Loop thread, after the last job committed the blob: the index row, then the promise.
void commit(runtime::Realm& realm, R2State& state, double id, const FinishedBlob& blob,
            std::string blob_name) {
  std::unique_ptr<WriteSession> session = state.takeWriter(id);
  BucketStore* store = state.store(realm, session->bucket);  // open: the put began with it
  std::string_view method = methodOf(*session);
  auto reject = [&](std::function<v8::Local<v8::Value>(v8::Isolate*)> error) {
    if (store != nullptr) store->unlinkBlobs({blob_name});
    settleFromLoop(realm, session->request_id, session->finished, nullptr, error);
  };
  if (!session->upload_id.empty()) {
    auto part = store->commitPart(session->object.key, session->upload_id, session->part_number,
                                  blob_name, blob.size, blob.md5_hex);
    if (!part.ok()) {
      return reject([&](v8::Isolate*) { return internalError(realm, part.error().message); });
    }
    if (part->first.code != R2ErrorCode::kNone) {
      return reject([&](v8::Isolate* i) { return r2Exception(i, method, part->first); });
    }
    settleFromLoop(realm, session->request_id, session->finished, [&](v8::Isolate* i) {
      return runtime::newString(i, part->second).As<v8::Value>();
    });
    return;
  }
  ObjectMeta object = session->object;
  object.blob = blob_name;
  object.size = blob.size;
  object.etag = blob.md5_hex;
  object.checksums = blob.checksums_json;
  auto outcome = store->commitObject(std::move(object),
                                     session->only_if ? &*session->only_if : nullptr);
  if (!outcome.ok()) {
    return reject([&](v8::Isolate*) { return internalError(realm, outcome.error().message); });
  }
  if (outcome->error.code == R2ErrorCode::kPreconditionFailed) {  // put() resolves to null
    store->unlinkBlobs({blob_name});
    settleFromLoop(realm, session->request_id, session->finished,
                   [](v8::Isolate* i) { return v8::Null(i).As<v8::Value>(); });
    return;
  }
  settleFromLoop(realm, session->request_id, session->finished, [&](v8::Isolate* i) {
    return metadataToJs(i, outcome->object).As<v8::Value>();
  });
}

// Hands the queued chunks (and, once JS called r2PutFinish, the finish) to the thread pool,
// unless a job is already running for this write: its jobs run one at a time, in order.
void startJob(runtime::Realm& realm, R2State& state, double id, WriteSession& session) {
  if (session.job_running || (session.queued.empty() && !session.ended)) return;
  session.job_running = true;
  auto chunks = std::make_shared<std::vector<std::vector<uint8_t>>>(std::move(session.queued));
  session.queued.clear();
  uint64_t bytes = 0;
  for (const auto& chunk : *chunks) bytes += chunk.size();
  bool final = session.ended;
  std::shared_ptr<BlobUpload> upload = session.upload;
  auto status = std::make_shared<Status>(Ok{});
  auto finished = std::make_shared<std::optional<FinishedBlob>>();
  auto digest_error = std::make_shared<R2Error>();
  state.queue(
      realm,
      [upload, chunks, final, status, finished, digest_error] {
        for (const auto& chunk : *chunks) {
          *status = upload->append(chunk);
          if (!status->ok()) return;
        }
        chunks->clear();
        if (!final) return;
        Result<FinishedBlob> done = upload->finish(digest_error.get());
        if (!done.ok()) *status = done.error();
        else *finished = done.value();
      },
      [&realm, id, bytes, final, status, finished, digest_error, upload](R2State& s) {
        WriteSession* session = s.writer(id);
        std::string blob_name = upload->path().filename().string();
        if (session == nullptr) {  // aborted: nobody wants these bytes any more
          if (final && status->ok() && digest_error->code == R2ErrorCode::kNone) {
            std::error_code ignored;
            std::filesystem::remove(upload->path(), ignored);
          }
          return;  // an unfinished upload removes its temporary file
        }
        session->job_running = false;
        session->queued_bytes -= bytes;
        if (!status->ok() || digest_error->code != R2ErrorCode::kNone) {
          if (!final && session->drained.IsEmpty()) {  // JS is not waiting: its next call is told
            session->failure = status->ok() ? Error{} : status->error();
            session->queued.clear();
            return;
          }
          std::unique_ptr<WriteSession> failed = s.takeWriter(id);
          auto error = [&](v8::Isolate* i) {
            return status->ok() ? r2Exception(i, methodOf(*failed), *digest_error)
                                : internalError(realm, status->error().message);
          };
          settleFromLoop(realm, failed->request_id, failed->drained, nullptr, error);
          settleFromLoop(realm, failed->request_id, failed->finished, nullptr, error);
          return;
        }
        if (final) return commit(realm, s, id, **finished, blob_name);
        if (session->queued_bytes < kWriteHighWater) {
          // JS runs here: it may queue more (starting the next job) or abort the write.
          settleFromLoop(realm, session->request_id, session->drained,
                         [](v8::Isolate* i) { return v8::True(i).As<v8::Value>(); });
          session = s.writer(id);
        }
        if (session != nullptr) startJob(realm, s, id, *session);
      });
}

}  // namespace

void opR2PutBegin(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  R2State& state = realm.state<R2State>();
  if (!info[2]->IsObject()) return;
  auto options = info[2].As<v8::Object>();
  auto session = std::make_unique<WriteSession>();
  session->upload_id = stringField(context, options, "uploadId");
  std::string key;
  if (!keyArgument(isolate, info[1], session->upload_id.empty() ? "put" : "uploadPart", &key)) {
    return;
  }
  session->bucket = runtime::toUtf8(isolate, info[0]);
  BucketStore* store = state.store(realm, session->bucket);
  if (store == nullptr) return;
  session->object.key = std::move(key);
  session->object.http_metadata = stringField(context, options, "httpMetadata");
  session->object.custom_metadata = stringField(context, options, "customMetadata");
  session->object.storage_class = stringField(context, options, "storageClass");
  session->part_number = static_cast<int>(numberField(context, options, "partNumber").value_or(0));
  session->only_if = conditionalArgument(context, field(context, options, "onlyIf"));
  std::optional<ExpectedChecksum> expected;
  v8::Local<v8::Value> checksum = field(context, options, "checksum");
  if (checksum->IsArray()) {
    v8::Local<v8::Value> name, hex;
    auto pair = checksum.As<v8::Array>();
    if (!pair->Get(context, 0).ToLocal(&name) || !pair->Get(context, 1).ToLocal(&hex)) return;
    auto algorithm = hashFromField(runtime::toUtf8(isolate, name));
    if (algorithm) expected = ExpectedChecksum{*algorithm, runtime::toUtf8(isolate, hex)};
  }
  Result<BlobUpload> upload =
      BlobUpload::create(store->blobPath(BucketStore::newBlobName()), std::move(expected));
  if (!upload.ok()) return raise(isolate, internalError(realm, upload.error().message));
  session->upload = std::make_shared<BlobUpload>(std::move(upload).value());
  session->request_id = realm.currentRequestId();
  info.GetReturnValue().Set(state.add(std::move(session)));
}

void opR2PutWrite(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  R2State& state = realm.state<R2State>();
  double id = idArgument(info);
  WriteSession* session = state.writer(id);
  auto chunk = runtime::bufferSourceBytes(info[1]);
  if (session == nullptr || !chunk) return;
  if (session->failure) {
    std::unique_ptr<WriteSession> failed = state.takeWriter(id);
    isolate->ThrowException(internalError(realm, failed->failure->message));
    return;
  }
  session->received += chunk->size();
  if (session->received > kMaxPutBytes) {
    session->too_large = R2ErrorCode::kEntityTooLarge;
    session->queued.clear();
    info.GetReturnValue().Set(false);
    return;
  }
  if (chunk->empty()) return info.GetReturnValue().Set(true);
  session->queued_bytes += chunk->size();
  session->queued.emplace_back(chunk->begin(), chunk->end());
  startJob(realm, state, id, *session);
  if (session->queued_bytes < kWriteHighWater) return info.GetReturnValue().Set(true);
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(isolate->GetCurrentContext()).ToLocal(&resolver)) return;
  session->drained.Reset(isolate, resolver);
  info.GetReturnValue().Set(resolver->GetPromise());
}

void opR2PutFinish(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  R2State& state = realm.state<R2State>();
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return;
  info.GetReturnValue().Set(resolver->GetPromise());
  double id = idArgument(info);
  WriteSession* session = state.writer(id);
  if (session == nullptr) {
    ignore(resolver->Reject(context, internalError(realm, "r2PutFinish of an unknown write")));
    return;
  }
  if (session->failure || session->too_large != R2ErrorCode::kNone) {
    std::unique_ptr<WriteSession> failed = state.takeWriter(id);
    ignore(resolver->Reject(context, failed->failure
                                        ? internalError(realm, failed->failure->message)
                                        : r2Exception(isolate, methodOf(*failed),
                                                      {failed->too_large, {}})));
    return;
  }
  session->ended = true;
  session->finished.Reset(isolate, resolver);
  startJob(realm, state, id, *session);
}

void opR2PutAbort(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm& realm = *runtime::Realm::from(info.GetIsolate());
  realm.state<R2State>().takeWriter(idArgument(info));
}

}  // namespace edged::bindings::r2
