#include "edged/bindings/durable_objects/object_id.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>

namespace edged::bindings::durable_objects {
namespace {

constexpr size_t kIdentityBytes = 16;
constexpr size_t kMacBytes = 16;

std::string toHex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

ObjectIdFactory::ObjectIdFactory(std::string_view worker, std::string_view class_name) {
  std::string label = "edged durable object namespace\n";
  label.append(worker).append("\n").append(class_name);
  SHA256(reinterpret_cast<const unsigned char*>(label.data()), label.size(), key_);
}

std::string ObjectIdFactory::withMac(const unsigned char* identity) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), key_, sizeof(key_), identity, kIdentityBytes, mac, &mac_size);
  unsigned char id[kIdentityBytes + kMacBytes];
  std::memcpy(id, identity, kIdentityBytes);
  std::memcpy(id + kIdentityBytes, mac, kMacBytes);
  return toHex(id, sizeof(id));
}

std::string ObjectIdFactory::fromName(std::string_view name) const {
  // Keyed like the MAC, so a name's id differs between namespaces.
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  std::string input = "name\n";
  input.append(name);
  HMAC(EVP_sha256(), key_, sizeof(key_), reinterpret_cast<const unsigned char*>(input.data()),
       input.size(), digest, &digest_size);
  return withMac(digest);
}

std::string ObjectIdFactory::newUnique() const {
  unsigned char identity[kIdentityBytes];
  RAND_bytes(identity, sizeof(identity));
  return withMac(identity);
}

Result<std::string> ObjectIdFactory::fromString(std::string_view text) const {
  unsigned char id[kIdentityBytes + kMacBytes];
  bool hex = text.size() == sizeof(id) * 2;
  for (size_t i = 0; hex && i < sizeof(id); ++i) {
    int high = hexValue(text[2 * i]);
    int low = hexValue(text[2 * i + 1]);
    hex = high >= 0 && low >= 0;
    id[i] = static_cast<unsigned char>(high * 16 + low);
  }
  if (!hex) return makeError("Invalid Durable Object ID: must be 64 hex digits");
  std::string expected = withMac(id);
  std::string canonical = toHex(id, sizeof(id));
  if (CRYPTO_memcmp(expected.data(), canonical.data(), canonical.size()) != 0) {
    return makeError("Durable Object ID is not valid for this namespace.");
  }
  return canonical;
}

}  // namespace edged::bindings::durable_objects
