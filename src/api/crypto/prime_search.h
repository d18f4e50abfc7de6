#pragma once
// Prime generation and primality tests for node:crypto (generatePrime, checkPrime,
// createDiffieHellman(bits), DiffieHellman's verifyError). A safe prime of a few thousand bits
// can take OpenSSL minutes: every search here polls the request's CPU budget
// (runtime::CpuWatchdog) and gives up once it is spent, so a Worker cut off for CPU does not
// keep its thread busy. Nothing here knows V8.

#include <openssl/bn.h>

#include "openssl_types.h"

namespace edged::api::crypto {

// A random prime of `bits` bits (safe: (p-1)/2 prime too) with p % add == rem when `add` is
// given; null when OpenSSL refuses the parameters or the budget ran out.
BignumPtr searchPrime(int bits, bool safe, const BIGNUM* add, const BIGNUM* rem);

// 1 when `n` is (probably: false positives below 2^-128) prime, 0 when not, -1 when the budget
// ran out or OpenSSL failed.
int checkPrime(const BIGNUM* n);

}  // namespace edged::api::crypto
