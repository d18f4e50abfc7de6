#include "node_openssl_error.h"

#include <openssl/err.h>
#include <v8-context.h>
#include <v8-exception.h>
#include <v8-object.h>

#include <cctype>
#include <string>

#include "edged/runtime/js_values.h"

namespace edged::api::crypto {
namespace {

// Sets `name` on `error`; false when V8 threw.
bool setString(v8::Isolate* isolate, v8::Local<v8::Object> error, const char* name,
               std::string_view value) {
  return error
      ->Set(isolate->GetCurrentContext(), runtime::newString(isolate, name),
            runtime::newString(isolate, value))
      .IsJust();
}

// The prefix Node's code gives an error of OpenSSL library `lib` ("EVP_"); empty for libraries
// Node's table does not name (the decoders, the providers).
const char* libraryPrefix(int lib) {
  switch (lib) {
    case ERR_LIB_SYS:
      return "SYS_";
    case ERR_LIB_BN:
      return "BN_";
    case ERR_LIB_RSA:
      return "RSA_";
    case ERR_LIB_DH:
      return "DH_";
    case ERR_LIB_EVP:
      return "EVP_";
    case ERR_LIB_BUF:
      return "BUF_";
    case ERR_LIB_OBJ:
      return "OBJ_";
    case ERR_LIB_PEM:
      return "PEM_";
    case ERR_LIB_DSA:
      return "DSA_";
    case ERR_LIB_X509:
      return "X509_";
    case ERR_LIB_ASN1:
      return "ASN1_";
    case ERR_LIB_CONF:
      return "CONF_";
    case ERR_LIB_CRYPTO:
      return "CRYPTO_";
    case ERR_LIB_EC:
      return "EC_";
    case ERR_LIB_SSL:
      return "SSL_";
    case ERR_LIB_BIO:
      return "BIO_";
    case ERR_LIB_PKCS7:
      return "PKCS7_";
    case ERR_LIB_X509V3:
      return "X509V3_";
    case ERR_LIB_PKCS12:
      return "PKCS12_";
    case ERR_LIB_RAND:
      return "RAND_";
    case ERR_LIB_DSO:
      return "DSO_";
    case ERR_LIB_ENGINE:
      return "ENGINE_";
    case ERR_LIB_OCSP:
      return "OCSP_";
    case ERR_LIB_UI:
      return "UI_";
    case ERR_LIB_COMP:
      return "COMP_";
    case ERR_LIB_ECDSA:
      return "ECDSA_";
    case ERR_LIB_ECDH:
      return "ECDH_";
    case ERR_LIB_OSSL_STORE:
      return "OSSL_STORE_";
    case ERR_LIB_FIPS:
      return "FIPS_";
    case ERR_LIB_CMS:
      return "CMS_";
    case ERR_LIB_TS:
      return "TS_";
    case ERR_LIB_HMAC:
      return "HMAC_";
    case ERR_LIB_CT:
      return "CT_";
    case ERR_LIB_ASYNC:
      return "ASYNC_";
    case ERR_LIB_KDF:
      return "KDF_";
    case ERR_LIB_SM2:
      return "SM2_";
    case ERR_LIB_USER:
      return "USER_";
    default:
      return "";
  }
}

// Node's code for an OpenSSL error, as its crypto_util.cc builds it: "ERR_OSSL_", the
// library's prefix, the reason in upper case with underscores ("ERR_OSSL_EVP_BAD_DECRYPT").
std::string codeOf(int lib, std::string_view reason) {
  std::string code = std::string("ERR_OSSL_") + libraryPrefix(lib);
  for (char c : reason) {
    code += c == ' ' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return code;
}

}  // namespace

void throwNodeError(v8::Isolate* isolate, bool type_error, std::string_view code,
                    std::string_view message) {
  v8::Local<v8::String> text = runtime::newString(isolate, message);
  v8::Local<v8::Object> error =
      (type_error ? v8::Exception::TypeError(text) : v8::Exception::Error(text)).As<v8::Object>();
  if (!setString(isolate, error, "code", code)) return;
  isolate->ThrowException(error);
}

void throwPlainError(v8::Isolate* isolate, bool range_error, std::string_view message) {
  v8::Local<v8::String> text = runtime::newString(isolate, message);
  isolate->ThrowException(range_error ? v8::Exception::RangeError(text)
                                      : v8::Exception::Error(text));
}

void throwNodeOpensslError(v8::Isolate* isolate, std::string_view fallback) {
  unsigned long packed = ERR_peek_error();
  if (packed == 0) return throwNodeError(isolate, false, "ERR_CRYPTO_OPERATION_FAILED", fallback);
  char line[256];
  ERR_error_string_n(packed, line, sizeof line);
  const char* library = ERR_lib_error_string(packed);
  const char* reason = ERR_reason_error_string(packed);
  ERR_clear_error();
  v8::Local<v8::Object> error =
      v8::Exception::Error(runtime::newString(isolate, line)).As<v8::Object>();
  if (library != nullptr && !setString(isolate, error, "library", library)) return;
  if (reason != nullptr &&
      (!setString(isolate, error, "reason", reason) ||
       !setString(isolate, error, "code", codeOf(ERR_GET_LIB(packed), reason)))) {
    return;
  }
  isolate->ThrowException(error);
}

}  // namespace edged::api::crypto
