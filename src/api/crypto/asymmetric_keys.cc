#include "asymmetric_keys.h"

#include <openssl/core_names.h>
#include <openssl/x509.h>

namespace edged::api::crypto {
namespace {

struct Curve {
  const char* web_name;
  const char* openssl_name;
  size_t field_bytes;
};

constexpr Curve kCurves[] = {
    {"P-256", "prime256v1", 32},
    {"P-384", "secp384r1", 48},
    {"P-521", "secp521r1", 66},
};

}  // namespace

const char* opensslGroupName(std::string_view named_curve) {
  for (const Curve& curve : kCurves) {
    if (named_curve == curve.web_name) return curve.openssl_name;
  }
  return nullptr;
}

std::string namedCurveOf(const EVP_PKEY* pkey) {
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC) return {};
  char group[64] = {0};
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                     nullptr) != 1) {
    return "unknown";
  }
  for (const Curve& curve : kCurves) {
    if (std::string_view(group) == curve.openssl_name) return curve.web_name;
  }
  return group;
}

size_t fieldBytesOfCurve(std::string_view named_curve) {
  for (const Curve& curve : kCurves) {
    if (named_curve == curve.web_name) return curve.field_bytes;
  }
  return 0;
}

size_t fieldBytesOf(const EVP_PKEY* pkey) { return fieldBytesOfCurve(namedCurveOf(pkey)); }

PkeyPtr publicHalf(EVP_PKEY* pkey) {
  unsigned char* der = nullptr;
  int size = i2d_PUBKEY(pkey, &der);
  if (size <= 0) return nullptr;
  const unsigned char* cursor = der;
  PkeyPtr out(d2i_PUBKEY(nullptr, &cursor, size));
  OPENSSL_free(der);
  return out;
}

PkeyPtr pkeyFromParams(const char* type, int selection, const OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* out = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &out, selection, const_cast<OSSL_PARAM*>(params)) != 1) {
    return nullptr;
  }
  return PkeyPtr(out);
}

}  // namespace edged::api::crypto
