#include "prime_search.h"

#include "edged/runtime/cpu_watchdog.h"

namespace edged::api::crypto {
namespace {

using CtxPtr = std::unique_ptr<BN_CTX, OpensslDeleter<BN_CTX, BN_CTX_free>>;
using GencbPtr = std::unique_ptr<BN_GENCB, OpensslDeleter<BN_GENCB, BN_GENCB_free>>;

// OpenSSL calls this between candidates and between Miller-Rabin rounds; 0 stops the search.
int keepGoing(int, int, BN_GENCB*) {
  return runtime::CpuWatchdog::budgetSpentOnThisThread() ? 0 : 1;
}

GencbPtr budgetCallback() {
  GencbPtr callback(BN_GENCB_new());
  if (callback) BN_GENCB_set(callback.get(), keepGoing, nullptr);
  return callback;
}

}  // namespace

BignumPtr searchPrime(int bits, bool safe, const BIGNUM* add, const BIGNUM* rem) {
  BignumPtr prime(BN_new());
  GencbPtr callback = budgetCallback();
  if (!prime || !callback ||
      BN_generate_prime_ex(prime.get(), bits, safe ? 1 : 0, add, rem, callback.get()) != 1) {
    return nullptr;
  }
  return prime;
}

int checkPrime(const BIGNUM* n) {
  CtxPtr ctx(BN_CTX_new());
  GencbPtr callback = budgetCallback();
  if (!ctx || !callback) return -1;
  return BN_check_prime(n, ctx.get(), callback.get());
}

}  // namespace edged::api::crypto
