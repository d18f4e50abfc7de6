// createMultipartUpload, complete and abort (uploadPart is a put: r2_write_ops.cc).
#include <v8-container.h>
#include <v8-primitive.h>

#include "edged/bindings/r2/r2_ops.h"
#include "edged/runtime/js_values.h"
#include "r2_op_args.h"

namespace edged::bindings::r2 {

void opR2CreateUpload(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  std::string key;
  if (!keyArgument(isolate, info[1], "createMultipartUpload", &key)) return;
  BucketStore* store = realm.state<R2State>().store(realm, runtime::toUtf8(isolate, info[0]));
  if (store == nullptr) return;
  Result<std::string> id =
      store->createUpload(key, runtime::toUtf8(isolate, info[2]), runtime::toUtf8(isolate, info[3]),
                          runtime::toUtf8(isolate, info[4]));
  if (!id.ok()) return raise(isolate, internalError(realm, id.error().message));
  info.GetReturnValue().Set(runtime::newString(isolate, id.value()));
}

void opR2CompleteUpload(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  R2State& state = realm.state<R2State>();
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return;
  std::string key;
  if (!keyArgument(isolate, info[1], "completeMultipartUpload", &key)) return;
  std::string bucket = runtime::toUtf8(isolate, info[0]);
  BucketStore* store = state.store(realm, bucket);
  if (store == nullptr || !info[3]->IsArray()) return;
  info.GetReturnValue().Set(resolver->GetPromise());
  std::string upload_id = runtime::toUtf8(isolate, info[2]);
  std::vector<std::pair<int, std::string>> parts;
  auto list = info[3].As<v8::Array>();
  for (uint32_t i = 0; i < list->Length(); ++i) {
    v8::Local<v8::Value> item, number, etag;
    if (!list->Get(context, i).ToLocal(&item) || !item->IsArray() ||
        !item.As<v8::Array>()->Get(context, 0).ToLocal(&number) ||
        !item.As<v8::Array>()->Get(context, 1).ToLocal(&etag)) {
      return;
    }
    parts.emplace_back(number->Int32Value(context).FromMaybe(0), runtime::toUtf8(isolate, etag));
  }
  Result<CompletionPlan> plan = store->planCompletion(key, upload_id, parts);
  if (!plan.ok()) {
    ignore(resolver->Reject(context, internalError(realm, plan.error().message)));
    return;
  }
  if (plan->error.code != R2ErrorCode::kNone) {
    ignore(resolver->Reject(context, r2Exception(isolate, "completeMultipartUpload", plan->error)));
    return;
  }
  // Copying the parts into one file takes as long as the disk does: on the thread pool.
  auto shared_plan = std::make_shared<CompletionPlan>(std::move(plan).value());
  auto blob = std::make_shared<Result<std::string>>(std::string());
  auto pending = std::make_shared<v8::Global<v8::Promise::Resolver>>(isolate, resolver);
  std::filesystem::path blobs_dir = store->dir() / "blobs";
  std::string request_id = realm.currentRequestId();
  state.queue(
      realm, [blobs_dir, shared_plan, blob] {
        *blob = BucketStore::concatenate(blobs_dir, shared_plan->parts);
      },
      [&realm, bucket, upload_id, shared_plan, blob, pending, request_id](R2State& s) {
        auto fail = [&](std::function<v8::Local<v8::Value>(v8::Isolate*)> error) {
          settleFromLoop(realm, request_id, *pending, nullptr, error);
        };
        if (!blob->ok()) {
          return fail([&](v8::Isolate*) { return internalError(realm, blob->error().message); });
        }
        BucketStore* store = s.store(realm, bucket);
        auto done = store->finishCompletion(*shared_plan, upload_id, blob->value());
        if (!done.ok()) {
          return fail([&](v8::Isolate*) { return internalError(realm, done.error().message); });
        }
        if (done->error.code != R2ErrorCode::kNone) {
          return fail([&](v8::Isolate* i) {
            return r2Exception(i, "completeMultipartUpload", done->error);
          });
        }
        settleFromLoop(realm, request_id, *pending, [&](v8::Isolate* i) {
          return metadataToJs(i, done->object).As<v8::Value>();
        });
      });
}

void opR2AbortUpload(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm& realm = *runtime::Realm::from(isolate);
  std::string key;
  if (!keyArgument(isolate, info[1], "abortMultipartUpload", &key)) return;
  BucketStore* store = realm.state<R2State>().store(realm, runtime::toUtf8(isolate, info[0]));
  if (store == nullptr) return;
  Result<R2Error> aborted = store->abortUpload(key, runtime::toUtf8(isolate, info[2]));
  if (!aborted.ok()) return raise(isolate, internalError(realm, aborted.error().message));
  if (aborted->code != R2ErrorCode::kNone) {
    isolate->ThrowException(r2Exception(isolate, "abortMultipartUpload", aborted.value()));
  }
}

}  // namespace edged::bindings::r2
