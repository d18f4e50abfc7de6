#include "op_args.h"

#include <cstring>
#include <string>

#include "edged/runtime/js_values.h"

namespace edged::api::crypto {
namespace {

// OpenSSL treats a null pointer as "no input" in places (HMAC's key, for one) even with a zero
// length, so empty inputs point here instead.
const uint8_t kNoBytes[1] = {0};

std::span<const uint8_t> nonNull(std::span<uint8_t> bytes) {
  return bytes.data() == nullptr ? std::span<const uint8_t>(kNoBytes, 0) : bytes;
}

}  // namespace

void throwBadArgument(v8::Isolate* isolate, const char* op, int i) {
  runtime::throwTypeError(isolate, std::string("internal error: ops.") + op + " argument " +
                                       std::to_string(i) + " has the wrong type");
}

std::optional<std::span<const uint8_t>> bytesArg(const OpInfo& info, int i, const char* op) {
  std::optional<std::span<uint8_t>> bytes = runtime::bufferSourceBytes(info[i]);
  if (!bytes) {
    throwBadArgument(info.GetIsolate(), op, i);
    return std::nullopt;
  }
  return nonNull(*bytes);
}

std::optional<std::span<const uint8_t>> optionalBytesArg(const OpInfo& info, int i,
                                                         const char* op) {
  if (info[i]->IsUndefined()) return std::span<const uint8_t>(kNoBytes, 0);
  return bytesArg(info, i, op);
}

std::string stringArg(const OpInfo& info, int i) {
  return runtime::toUtf8(info.GetIsolate(), info[i]);
}

const EVP_MD* digestArg(const OpInfo& info, int i, const char* op) {
  const EVP_MD* md = lookupDigest(stringArg(info, i));
  if (md == nullptr) throwBadArgument(info.GetIsolate(), op, i);
  return md;
}

v8::Local<v8::ArrayBuffer> newArrayBuffer(v8::Isolate* isolate, std::span<const uint8_t> bytes) {
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(isolate, bytes.size());
  if (!bytes.empty()) std::memcpy(store->Data(), bytes.data(), bytes.size());
  return v8::ArrayBuffer::New(isolate, std::move(store));
}

void returnHandle(const OpInfo& info, NativeObject object) {
  v8::Local<v8::Object> handle;
  if (wrapNative(info.GetIsolate(), std::move(object)).ToLocal(&handle)) {
    info.GetReturnValue().Set(handle);
  }
}

std::vector<uint8_t> bignumBytes(const BIGNUM* n, size_t size) {
  std::vector<uint8_t> out(size);
  if (BN_bn2binpad(n, out.data(), static_cast<int>(size)) < 0) out.clear();
  return out;
}

std::vector<uint8_t> bignumBytes(const BIGNUM* n) {
  std::vector<uint8_t> out(static_cast<size_t>(BN_num_bytes(n)));
  BN_bn2bin(n, out.data());
  return out;
}

const EVP_MD* lookupDigest(std::string_view name) {
  if (name == "SHA-1") return EVP_sha1();
  if (name == "SHA-256") return EVP_sha256();
  if (name == "SHA-384") return EVP_sha384();
  if (name == "SHA-512") return EVP_sha512();
  if (name == "MD5") return EVP_md5();
  // node:crypto passes any other digest by OpenSSL's own name ("sha3-256", "sha224").
  return EVP_get_digestbyname(std::string(name).c_str());
}

}  // namespace edged::api::crypto
