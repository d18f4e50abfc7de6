#include "edged/api/websocket_channel.h"

#include <map>

#include "edged/util/metrics.h"

namespace edged::api {
namespace {

struct Parked {
  std::mutex mutex;
  uint64_t next = 1;
  std::map<uint64_t, std::pair<std::shared_ptr<WebSocketChannel>, int>> ends;
};

Parked& parked() {
  static Parked instance;
  return instance;
}

}  // namespace

WebSocketChannel::WebSocketChannel() { ++metrics::Registry::global().webSockets(); }
WebSocketChannel::~WebSocketChannel() { --metrics::Registry::global().webSockets(); }

void WebSocketChannel::deliverLocked(End& to, WebSocketEvent event) {
  if (!to.sink) {
    to.waiting.push_back(std::move(event));
    return;
  }
  auto shared = std::make_shared<WebSocketEvent>(std::move(event));
  to.post([sink = to.sink, shared] { sink(std::move(*shared)); });
}

void WebSocketChannel::attach(int end, Post post, Sink sink) {
  std::lock_guard lock(mutex_);
  End& to = ends_[end];
  to.post = std::move(post);
  to.sink = std::move(sink);
  std::deque<WebSocketEvent> waiting = std::move(to.waiting);
  to.waiting.clear();
  for (WebSocketEvent& event : waiting) deliverLocked(to, std::move(event));
}

void WebSocketChannel::detach(int end) {
  std::lock_guard lock(mutex_);
  ends_[end].post = nullptr;
  ends_[end].sink = nullptr;
}

void WebSocketChannel::send(int from_end, WebSocketEvent event) {
  std::lock_guard lock(mutex_);
  End& from = ends_[from_end];
  if (from.closed_sending) return;
  if (event.type == WebSocketEvent::Type::kClose) from.closed_sending = true;
  deliverLocked(ends_[1 - from_end], std::move(event));
}

uint64_t WebSocketChannel::park(std::shared_ptr<WebSocketChannel> channel, int end) {
  Parked& p = parked();
  std::lock_guard lock(p.mutex);
  uint64_t token = p.next++;
  p.ends[token] = {std::move(channel), end};
  return token;
}

std::optional<std::pair<std::shared_ptr<WebSocketChannel>, int>> WebSocketChannel::claim(
    uint64_t token) {
  Parked& p = parked();
  std::lock_guard lock(p.mutex);
  auto it = p.ends.find(token);
  if (it == p.ends.end()) return std::nullopt;
  auto end = std::move(it->second);
  p.ends.erase(it);
  return end;
}

}  // namespace edged::api
