// node:crypto's getCipherInfo: what OpenSSL says of a cipher, in Node's shape. runtime-js
// (72_node_crypto_cipher.js) asks only about the ciphers createCipheriv offers and applies the
// keyLength / ivLength options.
#include <openssl/evp.h>
#include <openssl/objects.h>

#include <string>

#include "crypto_errors.h"
#include "edged/api/crypto/node_crypto_key_ops.h"
#include "edged/runtime/js_values.h"
#include "op_args.h"

namespace edged::api {
namespace {

const char* modeName(const EVP_CIPHER* cipher) {
  switch (EVP_CIPHER_get_mode(cipher)) {
    case EVP_CIPH_ECB_MODE:
      return "ecb";
    case EVP_CIPH_CBC_MODE:
      return "cbc";
    case EVP_CIPH_CFB_MODE:
      return "cfb";
    case EVP_CIPH_OFB_MODE:
      return "ofb";
    case EVP_CIPH_CTR_MODE:
      return "ctr";
    case EVP_CIPH_GCM_MODE:
      return "gcm";
    case EVP_CIPH_CCM_MODE:
      return "ccm";
    case EVP_CIPH_XTS_MODE:
      return "xts";
    case EVP_CIPH_OCB_MODE:
      return "ocb";
    case EVP_CIPH_WRAP_MODE:
      return "wrap";
    default:
      return "stream";
  }
}

}  // namespace

void opCryptoNodeCipherInfo(const v8::FunctionCallbackInfo<v8::Value>& info) {
  crypto::OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  const EVP_CIPHER* cipher = nullptr;
  if (info[0]->IsNumber()) {
    cipher = EVP_get_cipherbynid(info[0]->Int32Value(context).FromMaybe(NID_undef));
  } else {
    cipher = EVP_get_cipherbyname(crypto::stringArg(info, 0).c_str());
  }
  if (cipher == nullptr) return;
  int nid = EVP_CIPHER_get_nid(cipher);
  const char* short_name = OBJ_nid2sn(nid);
  const char* long_name = OBJ_nid2ln(nid);
  v8::Local<v8::Object> out = v8::Object::New(isolate);
  auto set = [&](const char* key, v8::Local<v8::Value> value) {
    return out->Set(context, runtime::newString(isolate, key), value).FromMaybe(false);
  };
  // Node names a cipher by OpenSSL's short name ("id-aes256-GCM", "AES-128-CBC"); the long
  // name ("aes-256-gcm") is what runtime-js matches against createCipheriv's list.
  if (!set("name", runtime::newString(isolate, short_name ? short_name : "")) ||
      !set("longName", runtime::newString(isolate, long_name ? long_name : "")) ||
      !set("nid", v8::Integer::New(isolate, nid)) ||
      !set("blockSize", v8::Integer::New(isolate, EVP_CIPHER_get_block_size(cipher))) ||
      !set("ivLength", v8::Integer::New(isolate, EVP_CIPHER_get_iv_length(cipher))) ||
      !set("keyLength", v8::Integer::New(isolate, EVP_CIPHER_get_key_length(cipher))) ||
      !set("mode", runtime::newString(isolate, modeName(cipher)))) {
    return;
  }
  info.GetReturnValue().Set(out);
}

}  // namespace edged::api
