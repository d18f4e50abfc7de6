// node:crypto's Certificate (SPKAC, the Netscape signed public key and challenge that HTML's
// <keygen> produced): verifying its signature, and reading its challenge and public key.
// OpenSSL decodes the base64 text as Node's does (surrounding whitespace ignored); anything
// that is no SPKAC gives false / nothing, never an error, as in Node.
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <climits>
#include <string>

#include "crypto_errors.h"
#include "edged/api/crypto/node_crypto_key_ops.h"
#include "op_args.h"

namespace edged::api {
namespace {

using SpkiPtr =
    std::unique_ptr<NETSCAPE_SPKI, crypto::OpensslDeleter<NETSCAPE_SPKI, NETSCAPE_SPKI_free>>;
using BioPtr = std::unique_ptr<BIO, crypto::OpensslDeleter<BIO, BIO_free_all>>;

SpkiPtr decode(std::span<const uint8_t> bytes) {
  // An empty length would make OpenSSL measure the text with strlen.
  if (bytes.empty() || bytes.size() > INT_MAX) return nullptr;
  std::string text(bytes.begin(), bytes.end());
  return SpkiPtr(NETSCAPE_SPKI_b64_decode(text.c_str(), static_cast<int>(text.size())));
}

}  // namespace

void opCryptoNodeSpkac(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  std::string what = crypto::stringArg(info, 0);
  auto bytes = crypto::bytesArg(info, 1, "cryptoNodeSpkac");
  if (!bytes) return;
  SpkiPtr spki = decode(*bytes);
  if (what == "verify") {
    crypto::PkeyPtr key(spki ? NETSCAPE_SPKI_get_pubkey(spki.get()) : nullptr);
    return info.GetReturnValue().Set(key && NETSCAPE_SPKI_verify(spki.get(), key.get()) > 0);
  }
  if (!spki) return;
  if (what == "challenge") {
    const ASN1_IA5STRING* challenge = spki->spkac->challenge;
    if (challenge == nullptr) return;
    std::span<const uint8_t> text(ASN1_STRING_get0_data(challenge),
                                  static_cast<size_t>(ASN1_STRING_length(challenge)));
    return info.GetReturnValue().Set(crypto::newArrayBuffer(isolate, text));
  }
  if (what == "publicKey") {
    crypto::PkeyPtr key(NETSCAPE_SPKI_get_pubkey(spki.get()));
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!key || !bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) return;
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return info.GetReturnValue().Set(crypto::newArrayBuffer(
        isolate, {reinterpret_cast<const uint8_t*>(data), static_cast<size_t>(size)}));
  }
  crypto::throwBadArgument(isolate, "cryptoNodeSpkac", 0);
}

}  // namespace edged::api
