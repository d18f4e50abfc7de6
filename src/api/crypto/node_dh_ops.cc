// node:crypto's DiffieHellman and DiffieHellmanGroup as workerd offers them: finite-field DH
// over the RFC 3526 groups (modp14 … modp18; workerd refuses the weaker modp1/2/5), a prime and
// generator given, or parameters generated for a size. The arithmetic is OpenSSL's BIGNUM
// (constant-time exponentiation for the private key); each failure throws workerd's message.
// verifyError follows BoringSSL's DH_check, which workerd reports: it judges a generator of 2
// or 5 by the prime's residue (2: p % 24 == 11, 5: p % 10 == 3 or 7) and cannot judge others,
// so generated parameters use those residues. runtime-js/api/73_node_crypto_dh.js validates the
// arguments with Node's messages first.
#include <openssl/bn.h>
#include <strings.h>

#include <climits>
#include <string>
#include <string_view>

#include "crypto_errors.h"
#include "edged/api/crypto/node_crypto_key_ops.h"
#include "node_openssl_error.h"
#include "op_args.h"
#include "prime_search.h"

namespace edged::api {

using crypto::BignumPtr;
using crypto::DiffieHellmanState;
using crypto::OpensslErrorScope;

namespace {

using CtxPtr = std::unique_ptr<BN_CTX, crypto::OpensslDeleter<BN_CTX, BN_CTX_free>>;
// OpenSSL's constructors of the RFC 2409 / RFC 3526 primes.
using GroupPrime = BIGNUM* (*)(BIGNUM*);

// BoringSSL's limit, which workerd enforces: operations on larger primes are refused.
constexpr int kMaxModulusBits = 10000;

// DH_check's flags (openssl/dh.h spells them the same).
constexpr int kPNotPrime = 0x01;
constexpr int kPNotSafePrime = 0x02;
constexpr int kUnableToCheckGenerator = 0x04;
constexpr int kNotSuitableGenerator = 0x08;

void fail(v8::Isolate* isolate, bool range_error, std::string_view message) {
  crypto::throwPlainError(isolate, range_error, message);
}

BignumPtr fromBytes(std::span<const uint8_t> bytes) {
  return BignumPtr(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
}

BignumPtr fromWord(unsigned long word) {
  BignumPtr n(BN_new());
  if (n && BN_set_word(n.get(), word) != 1) return nullptr;
  return n;
}

// Whether `p` is one of the well-known safe primes (RFC 2409, RFC 3526): Workers often pass a
// group's prime to createDiffieHellman, and testing one of thousands of bits takes seconds.
bool isWellKnownSafePrime(const BIGNUM* p) {
  static constexpr GroupPrime kPrimes[] = {
      BN_get_rfc2409_prime_768,  BN_get_rfc2409_prime_1024, BN_get_rfc3526_prime_1536,
      BN_get_rfc3526_prime_2048, BN_get_rfc3526_prime_3072, BN_get_rfc3526_prime_4096,
      BN_get_rfc3526_prime_6144, BN_get_rfc3526_prime_8192,
  };
  for (GroupPrime prime : kPrimes) {
    BignumPtr known(prime(nullptr));
    if (known && BN_cmp(known.get(), p) == 0) return true;
  }
  return false;
}

// BoringSSL's DH_check on a group without a subgroup order, as workerd reports it.
int verifyErrorOf(const DiffieHellmanState& dh, bool known_safe_prime) {
  int flags = 0;
  if (BN_is_word(dh.g.get(), 2)) {
    if (BN_mod_word(dh.p.get(), 24) != 11) flags |= kNotSuitableGenerator;
  } else if (BN_is_word(dh.g.get(), 5)) {
    BN_ULONG residue = BN_mod_word(dh.p.get(), 10);
    if (residue != 3 && residue != 7) flags |= kNotSuitableGenerator;
  } else {
    flags |= kUnableToCheckGenerator;
  }
  if (known_safe_prime || isWellKnownSafePrime(dh.p.get())) return flags;
  int prime = crypto::checkPrime(dh.p.get());
  if (prime < 0) return -1;
  if (prime == 0) return flags | kPNotPrime;
  BignumPtr half(BN_new());
  if (!half || BN_rshift1(half.get(), dh.p.get()) != 1) return -1;
  int half_prime = crypto::checkPrime(half.get());
  if (half_prime < 0) return -1;
  return half_prime == 0 ? flags | kPNotSafePrime : flags;
}

// Parameters for a prime of `bits` bits: a safe prime with BoringSSL's residue for the
// generator (so that its DH_check accepts the pair).
bool generateParameters(v8::Isolate* isolate, DiffieHellmanState& dh, int bits, int generator) {
  if (bits > kMaxModulusBits) {
    fail(isolate, true, "DiffieHellman init failed: requested prime size too large");
    return false;
  }
  unsigned long add = 2, rem = 1;
  if (generator == 2) {
    add = 24, rem = 11;
  } else if (generator == 5) {
    add = 10, rem = 3;
  }
  BignumPtr add_bn = fromWord(add), rem_bn = fromWord(rem);
  // A safe prime of 2 bits does not exist (BoringSSL refuses one, OpenSSL returns 11).
  if (generator > 1 && bits >= 3 && add_bn && rem_bn) {
    dh.p = crypto::searchPrime(bits, true, add_bn.get(), rem_bn.get());
  }
  dh.g = generator > 1 ? fromWord(static_cast<unsigned long>(generator)) : nullptr;
  if (!dh.p || !dh.g) {
    fail(isolate, false, "DiffieHellman init failed: could not generate parameters");
    return false;
  }
  return true;
}

// The prime and generator given (bytes; the generator a number or bytes).
bool takeParameters(const crypto::OpInfo& info, DiffieHellmanState& dh) {
  v8::Isolate* isolate = info.GetIsolate();
  auto prime = crypto::bytesArg(info, 0, "cryptoNodeDhCreate");
  if (!prime) return false;
  if (prime->size() > kMaxModulusBits / CHAR_BIT) {
    fail(isolate, true, "DiffieHellman init failed: key is too large");
    return false;
  }
  if (prime->empty()) {
    fail(isolate, false, "DiffieHellman init failed: invalid key");
    return false;
  }
  if (info[1]->IsNumber()) {
    int generator = info[1]->Int32Value(isolate->GetCurrentContext()).FromMaybe(0);
    if (generator < 2) {
      fail(isolate, true, "DiffieHellman init failed: generator too small");
      return false;
    }
    dh.g = fromWord(static_cast<unsigned long>(generator));
  } else {
    auto generator = crypto::bytesArg(info, 1, "cryptoNodeDhCreate");
    if (!generator) return false;
    if (!generator->empty()) dh.g = fromBytes(*generator);
    if (!dh.g || BN_is_zero(dh.g.get()) || BN_is_one(dh.g.get())) {
      fail(isolate, false, "DiffieHellman init failed: invalid generator");
      return false;
    }
  }
  dh.p = fromBytes(*prime);
  if (!dh.p || !dh.g) {
    crypto::throwInternalError(isolate, "BN_bin2bn");
    return false;
  }
  // g must be an element of the multiplicative group of an odd prime.
  if (!BN_is_odd(dh.p.get()) || BN_ucmp(dh.g.get(), dh.p.get()) >= 0) {
    fail(isolate, false, "DiffieHellman init failed: Invalid DH prime generated");
    return false;
  }
  return true;
}

// `n` big-endian in its minimal length (zero is empty), as workerd returns keys and parameters.
v8::Local<v8::Value> bytesOf(v8::Isolate* isolate, const BignumPtr& n) {
  if (!n) return v8::Undefined(isolate);
  return crypto::newArrayBuffer(isolate, crypto::bignumBytes(n.get()));
}

}  // namespace

void opCryptoNodeDhGroup(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  std::string name = crypto::stringArg(info, 0);
  static constexpr std::pair<const char*, GroupPrime> kGroups[] = {
      {"modp14", BN_get_rfc3526_prime_2048}, {"modp15", BN_get_rfc3526_prime_3072},
      {"modp16", BN_get_rfc3526_prime_4096}, {"modp17", BN_get_rfc3526_prime_6144},
      {"modp18", BN_get_rfc3526_prime_8192},
  };
  for (const auto& [group, prime] : kGroups) {
    if (strcasecmp(name.c_str(), group) != 0) continue;
    DiffieHellmanState dh;
    dh.p = BignumPtr(prime(nullptr));
    dh.g = fromWord(2);
    if (!dh.p || !dh.g) return crypto::throwInternalError(info.GetIsolate(), "BN_get_rfc3526");
    // The RFC 3526 primes are safe primes congruent to 23 mod 24: DH_check flags generator 2.
    dh.verify_error = verifyErrorOf(dh, true);
    return crypto::returnHandle(info, std::move(dh));
  }
}

void opCryptoNodeDhCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  DiffieHellmanState dh;
  if (info[0]->IsNumber()) {
    if (!info[1]->IsNumber()) {
      // Node cannot generate parameters for a generator given as bytes.
      return fail(isolate, false, "DiffieHellman init failed: invalid parameters");
    }
    v8::Local<v8::Context> context = isolate->GetCurrentContext();
    int bits = info[0]->Int32Value(context).FromMaybe(0);
    int generator = info[1]->Int32Value(context).FromMaybe(0);
    if (!generateParameters(isolate, dh, bits, generator)) return;
    dh.verify_error = verifyErrorOf(dh, true);
  } else if (!takeParameters(info, dh)) {
    return;
  }
  crypto::returnHandle(info, std::move(dh));
}

void opCryptoNodeDhVerifyError(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* dh = crypto::handleArg<DiffieHellmanState>(info, 0, "cryptoNodeDhVerifyError");
  if (dh == nullptr) return;
  if (dh->verify_error < 0) dh->verify_error = verifyErrorOf(*dh, false);
  // -1: the budget ran out while testing the prime (the request is being terminated).
  info.GetReturnValue().Set(dh->verify_error);
}

void opCryptoNodeDhGenerateKeys(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* dh = crypto::handleArg<DiffieHellmanState>(info, 0, "cryptoNodeDhGenerateKeys");
  if (dh == nullptr) return;
  CtxPtr ctx(BN_CTX_new());
  if (!ctx) return crypto::throwInternalError(isolate, "BN_CTX_new");
  // A private key set earlier is kept; otherwise a new one of one bit less than the prime, as
  // BoringSSL draws it for a group without a subgroup order.
  if (!dh->priv) {
    BignumPtr priv(BN_new());
    int bits = BN_num_bits(dh->p.get()) - 1;
    if (!priv ||
        BN_priv_rand_ex(priv.get(), bits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY, 0, ctx.get()) != 1) {
      return crypto::throwInternalError(isolate, "BN_priv_rand_ex");
    }
    dh->priv = std::move(priv);
  }
  BignumPtr pub(BN_new());
  BN_set_flags(dh->priv.get(), BN_FLG_CONSTTIME);
  if (!pub || BN_mod_exp_mont_consttime(pub.get(), dh->g.get(), dh->priv.get(), dh->p.get(),
                                        ctx.get(), nullptr) != 1) {
    return crypto::throwInternalError(isolate, "BN_mod_exp_mont_consttime");
  }
  dh->pub = std::move(pub);
  info.GetReturnValue().Set(bytesOf(isolate, dh->pub));
}

void opCryptoNodeDhComputeSecret(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  v8::Isolate* isolate = info.GetIsolate();
  auto* dh = crypto::handleArg<DiffieHellmanState>(info, 0, "cryptoNodeDhComputeSecret");
  if (dh == nullptr) return;
  auto key = crypto::bytesArg(info, 1, "cryptoNodeDhComputeSecret");
  if (!key) return;
  if (key->empty())
    return fail(isolate, false, "DiffieHellman computeSecret() failed: invalid key");
  BignumPtr peer = fromBytes(*key);
  BignumPtr p_minus_1(BN_dup(dh->p.get()));
  CtxPtr ctx(BN_CTX_new());
  if (!peer || !p_minus_1 || !ctx || BN_sub_word(p_minus_1.get(), 1) != 1) {
    return crypto::throwInternalError(isolate, "BN_sub_word");
  }
  // The peer's key must lie in (1, p - 1): 0, 1 and p - 1 would give a secret an attacker knows.
  if (BN_cmp(peer.get(), BN_value_one()) <= 0) {
    return fail(isolate, true, "DiffieHellman computeSecret() failed: Supplied key is too small");
  }
  if (BN_cmp(peer.get(), p_minus_1.get()) >= 0) {
    return fail(isolate, true, "DiffieHellman computeSecret() failed: Supplied key is too large");
  }
  if (!dh->priv) {
    return fail(isolate, false,
                "DiffieHellman computeSecret() failed: error computing shared secret");
  }
  BignumPtr secret(BN_new());
  BN_set_flags(dh->priv.get(), BN_FLG_CONSTTIME);
  if (!secret || BN_mod_exp_mont_consttime(secret.get(), peer.get(), dh->priv.get(), dh->p.get(),
                                           ctx.get(), nullptr) != 1) {
    return crypto::throwInternalError(isolate, "BN_mod_exp_mont_consttime");
  }
  // Zero-padded to the prime's size, as Node returns it.
  size_t size = static_cast<size_t>(BN_num_bytes(dh->p.get()));
  info.GetReturnValue().Set(
      crypto::newArrayBuffer(isolate, crypto::bignumBytes(secret.get(), size)));
}

void opCryptoNodeDhGet(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto* dh = crypto::handleArg<DiffieHellmanState>(info, 0, "cryptoNodeDhGet");
  if (dh == nullptr) return;
  std::string which = crypto::stringArg(info, 1);
  v8::Isolate* isolate = info.GetIsolate();
  if (which == "prime") return info.GetReturnValue().Set(bytesOf(isolate, dh->p));
  if (which == "generator") return info.GetReturnValue().Set(bytesOf(isolate, dh->g));
  if (which == "public") return info.GetReturnValue().Set(bytesOf(isolate, dh->pub));
  if (which == "private") return info.GetReturnValue().Set(bytesOf(isolate, dh->priv));
  crypto::throwBadArgument(isolate, "cryptoNodeDhGet", 1);
}

void opCryptoNodeDhSet(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OpensslErrorScope errors;
  auto* dh = crypto::handleArg<DiffieHellmanState>(info, 0, "cryptoNodeDhSet");
  if (dh == nullptr) return;
  std::string which = crypto::stringArg(info, 1);
  auto bytes = crypto::bytesArg(info, 2, "cryptoNodeDhSet");
  if (!bytes) return;
  BignumPtr value = fromBytes(*bytes);
  if (!value) return crypto::throwInternalError(info.GetIsolate(), "BN_bin2bn");
  if (which == "public") {
    dh->pub = std::move(value);
  } else if (which == "private") {
    dh->priv = std::move(value);
  } else {
    crypto::throwBadArgument(info.GetIsolate(), "cryptoNodeDhSet", 1);
  }
}

}  // namespace edged::api
