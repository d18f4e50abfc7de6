#include "edged/bindings/durable_objects/hibernation_ops.h"

#include <v8-container.h>
#include <v8-primitive.h>

#include <span>

#include "edged/bindings/durable_objects/object_host.h"
#include "edged/runtime/js_values.h"

namespace edged::bindings::durable_objects {
namespace {

// The host and the sockets of the object the op's first argument names; null after throwing.
ObjectHost::ObjectSockets* socketsFrom(const v8::FunctionCallbackInfo<v8::Value>& info,
                                       ObjectHost** host_out = nullptr) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  ObjectHost* host = realm == nullptr ? nullptr : ObjectHost::of(*realm);
  ObjectHost::ObjectSockets* sockets =
      host == nullptr || !info[0]->IsInt32() ? nullptr : host->sockets(info[0].As<v8::Int32>()->Value());
  if (sockets == nullptr) {
    runtime::throwTypeError(info.GetIsolate(), "This Durable Object is no longer running.");
  }
  if (host_out != nullptr) *host_out = host;
  return sockets;
}

ObjectHost::HibernatableSocket* socketFrom(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectHost::ObjectSockets* sockets = socketsFrom(info);
  if (sockets == nullptr) return nullptr;
  auto it = info[1]->IsInt32() ? sockets->by_id.find(info[1].As<v8::Int32>()->Value()) : sockets->by_id.end();
  if (it == sockets->by_id.end()) {
    runtime::throwTypeError(info.GetIsolate(), "This WebSocket is not hibernatable in this Durable Object.");
    return nullptr;
  }
  return &it->second;
}

}  // namespace

void opDoAcceptWebSocket(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ObjectHost* host = nullptr;
  if (socketsFrom(info, &host) == nullptr) return;
  std::vector<std::string> tags;
  if (info[2]->IsArray()) {
    auto list = info[2].As<v8::Array>();
    for (uint32_t i = 0; i < list->Length(); ++i) {
      v8::Local<v8::Value> tag;
      if (!list->Get(isolate->GetCurrentContext(), i).ToLocal(&tag)) return;
      tags.push_back(runtime::toUtf8(isolate, tag));
    }
  }
  if (!host->acceptWebSocket(info[0].As<v8::Int32>()->Value(), info[1].As<v8::Int32>()->Value(),
                             std::move(tags))) {
    runtime::throwTypeError(isolate, "This WebSocket cannot be accepted here.");
  }
}

void opDoGetWebSockets(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  ObjectHost::ObjectSockets* sockets = socketsFrom(info);
  if (sockets == nullptr) return;
  std::optional<std::string> tag;
  if (info[1]->IsString()) tag = runtime::toUtf8(isolate, info[1]);
  v8::Local<v8::Array> out = v8::Array::New(isolate);
  uint32_t n = 0;
  for (const auto& [id, socket] : sockets->by_id) {
    if (tag && std::find(socket.tags.begin(), socket.tags.end(), *tag) == socket.tags.end()) continue;
    v8::Local<v8::Value> attachment = v8::Null(isolate);
    if (!socket.attachment.empty()) {
      attachment = runtime::newUint8Array(
          isolate, std::span(reinterpret_cast<const uint8_t*>(socket.attachment.data()),
                             socket.attachment.size()));
    }
    v8::Local<v8::Value> entry[] = {v8::Integer::New(isolate, id), attachment};
    if (out->Set(context, n++, v8::Array::New(isolate, entry, 2)).IsNothing()) return;
  }
  info.GetReturnValue().Set(out);
}

void opDoGetTags(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ObjectHost::HibernatableSocket* socket = socketFrom(info);
  if (socket == nullptr) return;
  std::vector<v8::Local<v8::Value>> tags;
  for (const std::string& tag : socket->tags) tags.push_back(runtime::newString(isolate, tag));
  info.GetReturnValue().Set(v8::Array::New(isolate, tags.data(), tags.size()));
}

void opDoSetAttachment(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectHost::HibernatableSocket* socket = socketFrom(info);
  if (socket == nullptr) return;
  auto bytes = runtime::bufferSourceBytes(info[2]);
  socket->attachment = bytes ? std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size())
                             : std::string();
}

void opDoSetAutoResponse(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectHost::ObjectSockets* sockets = socketsFrom(info);
  if (sockets == nullptr) return;
  if (!info[1]->IsString()) {
    sockets->auto_response.reset();
    return;
  }
  sockets->auto_response = std::pair(runtime::toUtf8(info.GetIsolate(), info[1]),
                                     runtime::toUtf8(info.GetIsolate(), info[2]));
}

void opDoGetAutoResponseTimestamp(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectHost::HibernatableSocket* socket = socketFrom(info);
  if (socket == nullptr) return;
  if (!socket->auto_response_ms) return info.GetReturnValue().SetNull();
  info.GetReturnValue().Set(static_cast<double>(*socket->auto_response_ms));
}

}  // namespace edged::bindings::durable_objects
