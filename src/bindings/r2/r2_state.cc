#include "r2_state.h"

#include <fmt/format.h>
#include <v8-container.h>
#include <v8-exception.h>
#include <v8-object.h>
#include <v8-primitive.h>

#include "edged/runtime/js_values.h"
#include "edged/util/assert.h"
#include "edged/util/log.h"

namespace edged::bindings::r2 {
namespace {

// A bucket's directory name comes from wrangler.jsonc: keep it one plain path component.
bool isSafeBucketName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '.') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

void set(v8::Local<v8::Context> context, v8::Local<v8::Object> object, std::string_view name,
         v8::Local<v8::Value> value) {
  ignore(object->Set(context, runtime::newString(context->GetIsolate(), name), value));
}

}  // namespace

R2State::~R2State() {
  for (Job* job : jobs_) job->state = nullptr;
}

BucketStore* R2State::store(runtime::Realm& realm, const std::string& bucket) {
  auto found = stores_.find(bucket);
  if (found != stores_.end()) return &found->second;
  v8::Isolate* isolate = realm.isolate();
  const std::filesystem::path& data_dir = realm.options().data_dir;
  if (data_dir.empty()) {
    isolate->ThrowException(internalError(realm, "R2 buckets need a data directory"));
    return nullptr;
  }
  if (!isSafeBucketName(bucket)) {
    isolate->ThrowException(v8::Exception::Error(runtime::newString(
        isolate, fmt::format("R2 bucket name \"{}\" cannot name a directory: use letters, "
                             "digits, '-', '_' and '.'", bucket))));
    return nullptr;
  }
  Result<BucketStore> opened = BucketStore::open(data_dir / "r2" / bucket);
  if (!opened.ok()) {
    isolate->ThrowException(internalError(realm, opened.error().message));
    return nullptr;
  }
  return &stores_.emplace(bucket, std::move(opened).value()).first->second;
}

double R2State::add(BodyReader reader) {
  double id = next_id_++;
  readers_.emplace(id, std::move(reader));
  return id;
}

BodyReader* R2State::reader(double id) {
  auto found = readers_.find(id);
  return found == readers_.end() ? nullptr : &found->second;
}

double R2State::add(std::unique_ptr<WriteSession> session) {
  double id = next_id_++;
  writers_.emplace(id, std::move(session));
  return id;
}

WriteSession* R2State::writer(double id) {
  auto found = writers_.find(id);
  return found == writers_.end() ? nullptr : found->second.get();
}

std::unique_ptr<WriteSession> R2State::takeWriter(double id) {
  auto found = writers_.find(id);
  if (found == writers_.end()) return nullptr;
  std::unique_ptr<WriteSession> session = std::move(found->second);
  writers_.erase(found);
  return session;
}

void R2State::queue(runtime::Realm& realm, std::function<void()> work,
                    std::function<void(R2State&)> done) {
  auto job = std::make_unique<Job>();
  job->state = this;
  job->run = std::move(work);
  job->done = std::move(done);
  job->work.data = job.get();
  // Fails only for a null loop or callback.
  EDGED_ASSERT(uv_queue_work(realm.loop(), &job->work, &runJob, &afterJob) == 0);
  jobs_.insert(job.release());
}

void R2State::runJob(uv_work_t* work) { static_cast<Job*>(work->data)->run(); }

void R2State::afterJob(uv_work_t* work, int) {
  std::unique_ptr<Job> job(static_cast<Job*>(work->data));
  if (job->state == nullptr) return;  // the realm is gone; the job's captures clean up
  job->state->jobs_.erase(job.get());
  job->done(*job->state);
}

v8::Local<v8::Value> internalError(runtime::Realm& realm, std::string_view detail) {
  std::string reference = log::newReferenceId();
  log::workerLine(spdlog::level::err, realm.workerName(), realm.currentRequestId(),
                  fmt::format("internal error; reference = {}: r2: {}", reference, detail));
  return v8::Exception::Error(
      runtime::newString(realm.isolate(), "internal error; reference = " + reference));
}

v8::Local<v8::Value> r2Exception(v8::Isolate* isolate, std::string_view method,
                                 const R2Error& error) {
  return v8::Exception::Error(runtime::newString(isolate, r2ErrorMessage(method, error)));
}

v8::Local<v8::Object> metadataToJs(v8::Isolate* isolate, const ObjectMeta& meta,
                                   const std::optional<ByteRange>& range) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Object> o = v8::Object::New(isolate);
  set(context, o, "key", runtime::newString(isolate, meta.key));
  set(context, o, "version", runtime::newString(isolate, meta.version));
  set(context, o, "size", v8::Number::New(isolate, static_cast<double>(meta.size)));
  set(context, o, "etag", runtime::newString(isolate, meta.etag));
  set(context, o, "uploaded", v8::Number::New(isolate, static_cast<double>(meta.uploaded_ms)));
  set(context, o, "httpMetadata", runtime::newString(isolate, meta.http_metadata));
  set(context, o, "customMetadata", runtime::newString(isolate, meta.custom_metadata));
  set(context, o, "checksums", runtime::newString(isolate, meta.checksums));
  set(context, o, "storageClass", runtime::newString(isolate, meta.storage_class));
  if (range) {
    v8::Local<v8::Value> pair[] = {v8::Number::New(isolate, static_cast<double>(range->offset)),
                                   v8::Number::New(isolate, static_cast<double>(range->length))};
    set(context, o, "range", v8::Array::New(isolate, pair, 2));
  }
  return o;
}

void settleFromLoop(runtime::Realm& realm, const std::string& request_id,
                    v8::Global<v8::Promise::Resolver>& resolver,
                    const std::function<v8::Local<v8::Value>(v8::Isolate*)>& value,
                    const std::function<v8::Local<v8::Value>(v8::Isolate*)>& error) {
  if (resolver.IsEmpty()) return;
  realm.enter(
      [&](v8::Local<v8::Context> context) {
        v8::Isolate* isolate = context->GetIsolate();
        v8::Local<v8::Promise::Resolver> r = resolver.Get(isolate);
        resolver.Reset();
        // Settling fails only while JS is being terminated; nothing is left to do then.
        if (error) {
          ignore(r->Reject(context, error(isolate)));
        } else {
          ignore(r->Resolve(context, value(isolate)));
        }
      },
      request_id);
}

}  // namespace edged::bindings::r2
