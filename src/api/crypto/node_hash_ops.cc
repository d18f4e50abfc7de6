// Hashes by OpenSSL name for node:crypto's createHash / createSign / getHashes: every digest
// the default provider offers (SHA-2 and SHA-3 families, SHAKE with an output length, RIPEMD,
// …), beyond the five WebCrypto names of digest_ops.cc. The contexts are DigestContexts, so
// digest_ops' update and node_crypto_ops' copy serve them too.
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <v8-container.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "crypto_errors.h"
#include "edged/api/crypto/node_crypto_key_ops.h"
#include "edged/runtime/js_values.h"
#include "op_args.h"

namespace edged::api {
namespace {

// The digest OpenSSL calls `name` ("sha256", "SHA3-512", "RSA-SHA256", "shake256"); null when
// unknown or unusable (a legacy digest the default provider lacks).
const EVP_MD* digestByName(const std::string& name) {
  const EVP_MD* md = EVP_get_digestbyname(name.c_str());
  if (md == nullptr) return nullptr;
  // EVP_get_digestbyname also knows digests only a missing provider implements: try one.
  crypto::MdCtxPtr probe(EVP_MD_CTX_new());
  if (!probe || EVP_DigestInit_ex(probe.get(), md, nullptr) != 1) return nullptr;
  return md;
}

// Aliases too ("RSA-SHA256", "ssl3-md5"), as Node's getHashes lists them.
void collectName(const OBJ_NAME* entry, void* arg) {
  static_cast<std::vector<std::string>*>(arg)->push_back(entry->name);
}

std::string lowerCase(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

}  // namespace

void opCryptoNodeDigestSize(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  const EVP_MD* md = digestByName(crypto::stringArg(info, 0));
  info.GetReturnValue().Set(md == nullptr ? -1 : EVP_MD_get_size(md));
}

void opCryptoNodeHashCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  const EVP_MD* md = digestByName(crypto::stringArg(info, 0));
  if (md == nullptr) return crypto::throwBadArgument(info.GetIsolate(), "cryptoNodeHashCreate", 0);
  crypto::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) {
    return crypto::throwInternalError(info.GetIsolate(), "EVP_DigestInit_ex");
  }
  crypto::returnHandle(info, crypto::DigestContext{std::move(ctx)});
}

void opCryptoNodeHashFinish(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* digest = crypto::handleArg<crypto::DigestContext>(info, 0, "cryptoNodeHashFinish");
  if (digest == nullptr) return;
  if (digest->finished) return crypto::throwBadArgument(isolate, "cryptoNodeHashFinish", 0);
  const EVP_MD* md = EVP_MD_CTX_get0_md(digest->ctx.get());
  const size_t natural = static_cast<size_t>(EVP_MD_get_size(md));
  size_t length = natural;
  if (!info[1]->IsUndefined()) {
    length = static_cast<size_t>(info[1]->Uint32Value(isolate->GetCurrentContext()).FromMaybe(0));
  }
  const bool xof = (EVP_MD_get_flags(md) & EVP_MD_FLAG_XOF) != 0;
  if (!xof && length != natural) return;  // undefined: JS throws Node's error
  digest->finished = true;
  std::vector<uint8_t> out(std::max<size_t>(length, 1));
  unsigned int size = 0;
  int ok = xof ? EVP_DigestFinalXOF(digest->ctx.get(), out.data(), length)
               : EVP_DigestFinal_ex(digest->ctx.get(), out.data(), &size);
  if (ok != 1) return crypto::throwInternalError(isolate, "digest final");
  info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, {out.data(), length}));
}

void opCryptoNodeHashNames(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::vector<std::string> names;
  OBJ_NAME_do_all_sorted(OBJ_NAME_TYPE_MD_METH, collectName, &names);
  // OpenSSL lists some digests under two spellings ("SHA256", "sha256"); Node lists the
  // lower-case one, which sorts last.
  std::map<std::string, std::string> by_folded;
  for (std::string& name : names) {
    std::string& kept = by_folded[lowerCase(name)];
    if (name > kept) kept = std::move(name);
  }
  names.clear();
  for (auto& [folded, name] : by_folded) names.push_back(std::move(name));
  std::sort(names.begin(), names.end());
  std::vector<v8::Local<v8::Value>> usable;
  for (const std::string& name : names) {
    if (digestByName(name) != nullptr) usable.push_back(runtime::newString(isolate, name));
  }
  info.GetReturnValue().Set(v8::Array::New(isolate, usable.data(), usable.size()));
}

}  // namespace edged::api
