#pragma once
// Durable Object ids shaped as workerd makes them: 16 bytes that identify the object (random, or
// derived from a name) followed by 16 bytes of HMAC-SHA256 over them keyed by the namespace, all
// hex-encoded (64 digits). The MAC lets idFromString() reject an id of another namespace.

#include <string>
#include <string_view>

#include "edged/util/result.h"

namespace edged::bindings::durable_objects {

class ObjectIdFactory {
 public:
  // The namespace of class `class_name` exported by Worker `worker`.
  ObjectIdFactory(std::string_view worker, std::string_view class_name);

  // The same name always gives the same id (in this namespace).
  std::string fromName(std::string_view name) const;
  std::string newUnique() const;
  // Lower-case hex of a valid id of this namespace, or workerd's TypeError text.
  Result<std::string> fromString(std::string_view text) const;

 private:
  std::string withMac(const unsigned char* identity) const;

  unsigned char key_[32];
};

}  // namespace edged::bindings::durable_objects
