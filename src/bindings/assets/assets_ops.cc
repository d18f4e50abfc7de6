#include "edged/bindings/assets/assets_ops.h"

#include <v8-container.h>
#include <v8-exception.h>
#include <v8-primitive.h>
#include <v8-promise.h>

#include <map>
#include <vector>

#include "edged/api/native_body.h"
#include "edged/bindings/assets/file_chunks.h"
#include "edged/runtime/js_values.h"
#include "edged/util/json_escape.h"

namespace edged::bindings::assets {
namespace {

// Setting a property or settling a promise fails only while JS is being terminated; nothing is
// left to do then.
void ignore(v8::Maybe<bool> done) { (void)done.IsJust(); }

// A file body handed to JS: read chunk by chunk on demand, or piped natively.
struct FileBody {
  std::shared_ptr<const AssetServer> server;  // keeps the AssetFile alive
  const AssetFile* file = nullptr;
  uint64_t offset = 0;
  uint64_t length = 0;
  std::shared_ptr<FileChunks> chunks;
  v8::Global<v8::Promise::Resolver> pending;

  // A read still in flight must not call back into a realm that is gone.
  ~FileBody() {
    if (chunks) chunks->stop();
  }
};

struct AssetsState : runtime::RealmState {
  std::shared_ptr<const AssetServer> server;
  std::map<double, std::unique_ptr<FileBody>> bodies;
  double next_id = 1;
  // Bodies being piped to clients, stopped with the realm (their callbacks reach its fetches).
  std::vector<std::weak_ptr<FileChunks>> pipes;

  ~AssetsState() override {
    for (auto& pipe : pipes) {
      if (auto chunks = pipe.lock()) chunks->stop();
    }
  }
};

// Settles a read from a FileChunks callback (outside JS) or, when the file failed at once,
// from inside the op.
void settle(
    runtime::Realm& realm, v8::Global<v8::Promise::Resolver>& pending,
    const std::function<void(v8::Local<v8::Context>, v8::Local<v8::Promise::Resolver>)>& how) {
  if (pending.IsEmpty()) return;
  auto run = [&](v8::Local<v8::Context> context) {
    v8::Local<v8::Promise::Resolver> resolver = pending.Get(context->GetIsolate());
    pending.Reset();
    how(context, resolver);
  };
  if (realm.entered()) return run(realm.context());
  realm.enter(run);
}

v8::Local<v8::Array> flatHeaders(v8::Isolate* isolate,
                                 const std::vector<net::HttpHeader>& headers) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> out = v8::Array::New(isolate, static_cast<int>(headers.size() * 2));
  uint32_t i = 0;
  for (const net::HttpHeader& h : headers) {
    ignore(out->Set(context, i++, runtime::newLatin1(isolate, h.name)));
    ignore(out->Set(context, i++, runtime::newLatin1(isolate, h.value)));
  }
  return out;
}

FileBody* bodyFor(const v8::FunctionCallbackInfo<v8::Value>& info, int arg, double* id) {
  if (!info[arg]->IsNumber()) return nullptr;
  *id = info[arg].As<v8::Number>()->Value();
  auto& bodies = runtime::Realm::from(info.GetIsolate())->state<AssetsState>().bodies;
  auto it = bodies.find(*id);
  return it == bodies.end() ? nullptr : it->second.get();
}

// A file body piped to the client (api::respondWithNativeBody): the next chunk is read once
// the previous one was handed over, unless the client is behind (paused).
struct FilePump : std::enable_shared_from_this<FilePump> {
  uv_loop_t* loop = nullptr;
  std::filesystem::path file;
  uint64_t offset = 0;
  uint64_t length = 0;
  std::shared_ptr<FileChunks> chunks;
  bool paused = false;
  bool owed = false;  // a chunk arrived while paused: read on when resumed

  bool start(api::BodyPipe pipe) {
    auto sink = std::make_shared<api::BodyPipe>(std::move(pipe));
    std::weak_ptr<FilePump> weak = shared_from_this();
    chunks = FileChunks::open(
        loop, file, offset, length,
        [sink, weak](std::string chunk) {
          sink->on_chunk(chunk);
          if (auto self = weak.lock()) self->readOn();
        },
        [sink](Status status) {
          if (sink->on_end) sink->on_end(std::move(status));
        });
    if (!chunks) return false;
    chunks->next();
    return true;
  }

  void readOn() {
    if (paused) {
      owed = true;
    } else if (chunks) {
      chunks->next();
    }
  }

  void setPaused(bool now) {
    paused = now;
    if (!paused && owed) {
      owed = false;
      readOn();
    }
  }

  void stop() {
    if (chunks) chunks->stop();
  }
};

}  // namespace

void attachAssets(runtime::Realm& realm, std::shared_ptr<const AssetServer> server) {
  realm.state<AssetsState>().server = std::move(server);
}

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker) {
  if (!worker.assets || !worker.assets->binding) return {};
  return {R"({"type":"assets","name":)" + jsonQuote(*worker.assets->binding) + "}"};
}

void opAssetsFetch(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  AssetsState& state = realm->state<AssetsState>();
  if (!state.server) {
    return runtime::throwTypeError(isolate, "The ASSETS binding has no assets directory loaded.");
  }
  std::string method = runtime::toUtf8(isolate, info[0]);
  std::string url = runtime::toUtf8(isolate, info[1]);
  std::vector<net::HttpHeader> headers;
  if (info[2]->IsArray()) {
    v8::Local<v8::Array> flat = info[2].As<v8::Array>();
    for (uint32_t i = 0; i + 1 < flat->Length(); i += 2) {
      v8::Local<v8::Value> name, value;
      if (!flat->Get(context, i).ToLocal(&name) || !flat->Get(context, i + 1).ToLocal(&value))
        return;
      headers.push_back({runtime::toUtf8(isolate, name), runtime::toUtf8(isolate, value)});
    }
  }
  AssetResponse response = state.server->fetch({method, url, &headers});
  v8::Local<v8::Value> body = v8::Null(isolate);
  if (response.file != nullptr && !response.head) {
    if (response.file->bytes) {
      auto* data = reinterpret_cast<const uint8_t*>(response.file->bytes->data());
      body = runtime::newUint8Array(isolate, {data + response.offset, response.length});
    } else {
      auto file = std::make_unique<FileBody>();
      file->server = state.server;
      file->file = response.file;
      file->offset = response.offset;
      file->length = response.length;
      double id = state.next_id++;
      state.bodies.emplace(id, std::move(file));
      body = v8::Number::New(isolate, id);
    }
  }
  v8::Local<v8::Value> parts[] = {
      v8::Integer::New(isolate, response.status), flatHeaders(isolate, response.headers), body,
      v8::Number::New(isolate,
                      static_cast<double>(response.file != nullptr ? response.length : 0))};
  info.GetReturnValue().Set(v8::Array::New(isolate, parts, 4));
}

void opAssetsBodyRead(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  double id = 0;
  FileBody* body = bodyFor(info, 0, &id);
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return;
  info.GetReturnValue().Set(resolver->GetPromise());
  if (body == nullptr || !body->pending.IsEmpty()) {
    ignore(resolver->Resolve(context, v8::Undefined(isolate)));
    return;
  }
  body->pending.Reset(isolate, resolver);
  if (!body->chunks) {
    auto chunks = FileChunks::open(
        realm->loop(), body->file->file, body->offset, body->length,
        [realm, id](std::string chunk) {
          auto& bodies = realm->state<AssetsState>().bodies;
          auto it = bodies.find(id);
          if (it == bodies.end()) return;
          settle(*realm, it->second->pending, [&](auto ctx, auto r) {
            auto* data = reinterpret_cast<const uint8_t*>(chunk.data());
            ignore(
                r->Resolve(ctx, runtime::newUint8Array(ctx->GetIsolate(), {data, chunk.size()})));
          });
        },
        [realm, id](Status status) {
          auto& bodies = realm->state<AssetsState>().bodies;
          auto it = bodies.find(id);
          if (it == bodies.end()) return;
          settle(*realm, it->second->pending, [&](auto ctx, auto r) {
            v8::Isolate* iso = ctx->GetIsolate();
            if (status.ok()) {
              ignore(r->Resolve(ctx, v8::Undefined(iso)));
            } else {
              ignore(r->Reject(
                  ctx, v8::Exception::TypeError(runtime::newString(iso, status.error().message))));
            }
          });
          // Read to its end (or failed): nothing more to keep for it.
          bodies.erase(id);
        });
    body = bodyFor(info, 0, &id);
    if (body != nullptr) body->chunks = std::move(chunks);
  }
  // Opening may have failed at once, settling the read and dropping the body.
  body = bodyFor(info, 0, &id);
  if (body != nullptr && body->chunks) body->chunks->next();
}

void opAssetsBodyClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  double id = 0;
  FileBody* body = bodyFor(info, 0, &id);
  if (body == nullptr) return;
  if (body->chunks) body->chunks->stop();
  runtime::Realm::from(info.GetIsolate())->state<AssetsState>().bodies.erase(id);
}

void opAssetsBodyPipe(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  double id = 0;
  FileBody* body = bodyFor(info, 1, &id);
  if (body == nullptr || body->chunks) return;
  auto pump = std::make_shared<FilePump>();
  pump->loop = realm->loop();
  pump->file = body->file->file;
  pump->offset = body->offset;
  pump->length = body->length;
  realm->state<AssetsState>().bodies.erase(id);
  api::respondWithNativeBody(
      info, {
                [pump, realm](api::BodyPipe pipe) {
                  if (!pump->start(std::move(pipe))) return false;
                  auto& pipes = realm->state<AssetsState>().pipes;
                  std::erase_if(pipes,
                                [](const std::weak_ptr<FileChunks>& p) { return p.expired(); });
                  pipes.push_back(pump->chunks);
                  return true;
                },
                [pump](bool paused) { pump->setPaused(paused); },
                [pump] { pump->stop(); },
            });
}

}  // namespace edged::bindings::assets
