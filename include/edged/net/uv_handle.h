#pragma once
// Ownership of a libuv handle whose owner may be destroyed before libuv is done with it.
//
// libuv may use a handle's memory until its close callback runs, one loop iteration after
// uv_close(). UvHandle heap-allocates the handle and frees it in that callback, so the owning
// object can be destroyed at any time: destruction closes the handle, after which libuv calls
// none of its callbacks except the close callback (which only frees memory).
//
// Not used for an HTTP connection's socket: its in-flight write requests point at the connection,
// so HttpConnection embeds its handles and is itself freed in their last close callback.

#include <uv.h>

#include <memory>
#include <utility>

#include "edged/util/assert.h"

namespace edged::net {

template <typename T>
class UvHandle {
 public:
  UvHandle() = default;
  ~UvHandle() { close(); }
  UvHandle(const UvHandle&) = delete;
  UvHandle& operator=(const UvHandle&) = delete;

  // Allocates the handle and runs `init` on it (e.g. uv_timer_init). Returns libuv's error code;
  // on failure nothing was registered with the loop and nothing is left to close.
  template <typename Init>
  int init(Init&& init, void* owner) {
    EDGED_ASSERT(handle_ == nullptr);
    auto handle = std::make_unique<T>();
    int rc = init(handle.get());
    if (rc != 0) return rc;
    handle->data = owner;
    handle_ = handle.release();
    return 0;
  }

  T* get() const { return handle_; }
  explicit operator bool() const { return handle_ != nullptr; }

  // Idempotent. Must run on the loop's thread.
  void close() {
    if (handle_ == nullptr) return;
    T* handle = std::exchange(handle_, nullptr);
    handle->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(handle),
             [](uv_handle_t* closed) { std::unique_ptr<T> release(reinterpret_cast<T*>(closed)); });
  }

 private:
  T* handle_ = nullptr;
};

}  // namespace edged::net
