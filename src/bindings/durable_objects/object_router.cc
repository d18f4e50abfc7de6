#include "edged/bindings/durable_objects/object_router.h"

#include <memory>

namespace edged::bindings::durable_objects {

size_t ObjectRouter::addThread(Post post, Deliver deliver) {
  threads_.push_back({std::move(post), std::move(deliver)});
  return threads_.size() - 1;
}

size_t ObjectRouter::ownerOf(std::string_view id) const {
  // Ids are uniformly random hex (or HMAC output): their leading digits are a fair hash.
  uint64_t hash = 0;
  for (size_t i = 0; i < id.size() && i < 16; ++i) {
    char c = id[i];
    hash = hash * 16 + static_cast<uint64_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return threads_.empty() ? 0 : hash % threads_.size();
}

bool ObjectRouter::send(ObjectCall call) {
  if (threads_.empty()) return false;
  Thread& owner = threads_[ownerOf(call.target.id)];
  auto shared = std::make_shared<ObjectCall>(std::move(call));
  return owner.post([deliver = &owner.deliver, shared] { (*deliver)(std::move(*shared)); });
}

bool ObjectRouter::post(size_t thread, std::function<void()> task) {
  return thread < threads_.size() && threads_[thread].post(std::move(task));
}

}  // namespace edged::bindings::durable_objects
