// The WebCrypto ops (src/api/crypto) as runtime-js calls them, below the JS API: key material
// behind opaque handles that refuse the wrong kind and are freed by the garbage collector,
// AES-CTR's counter wrap at the edges of the counter, what an op reports as a Worker's error
// versus an internal one, and results that are "not valid" rather than errors.
#include "edged/api/crypto/crypto_ops.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "test_isolate.h"

namespace edged::api {
namespace {

constexpr runtime::NativeOp kOps[] = {
    {"record", &edged::testing::opRecord},
    {"cryptoDigestCreate", &opCryptoDigestCreate},
    {"cryptoDigestUpdate", &opCryptoDigestUpdate},
    {"cryptoDigestFinish", &opCryptoDigestFinish},
    {"cryptoSecretImport", &opCryptoSecretImport},
    {"cryptoSecretExport", &opCryptoSecretExport},
    {"cryptoHmacSign", &opCryptoHmacSign},
    {"cryptoAesCtr", &opCryptoAesCtr},
    {"cryptoKeyGenerate", &opCryptoKeyGenerate},
    {"cryptoKeyImportSpki", &opCryptoKeyImportSpki},
    {"cryptoKeyExportSpki", &opCryptoKeyExportSpki},
    {"cryptoKeyExportPkcs8", &opCryptoKeyExportPkcs8},
    {"cryptoKeyInfo", &opCryptoKeyInfo},
    {"cryptoEcdsaVerify", &opCryptoEcdsaVerify},
    {"cryptoOkpImportRaw", &opCryptoOkpImportRaw},
    {"cryptoX25519Derive", &opCryptoX25519Derive},
    {"cryptoRsaVerify", &opCryptoRsaVerify},
};

// `hex(buffer)` → "0a1b…"; `thrown(fn)` is the error a call throws as "Name: message".
constexpr char kTestJs[] = R"js(
  globalThis.ops = ops;
  globalThis.hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0'))
      .join('');
  globalThis.bytes = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
  globalThis.thrown = (fn) => {
    try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
  };
)js";

class CryptoOps : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(snapshot_);
    worker_ = edged::testing::startWorker(
        *snapshot_, edged::testing::bundleOf({edged::testing::esModule("index.js", "")}),
        loop_.get());
    ASSERT_TRUE(worker_);
  }

  std::string js(std::string_view code) { return edged::testing::evalJs(worker_->realm(), code); }

  int64_t externalMemory() {
    return worker_->realm().isolate()->AdjustAmountOfExternalAllocatedMemory(0);
  }

  void collectGarbage() {
    v8::Isolate* isolate = worker_->realm().isolate();
    v8::Isolate::Scope scope(isolate);
    isolate->LowMemoryNotification();
  }

  std::unique_ptr<runtime::Snapshot> snapshot_ = edged::testing::makeSnapshot(
      kOps, {{"test:runtime", edged::testing::kMinimalRuntimeJs}, {"test:crypto", kTestJs}});
  edged::testing::TestLoop loop_;
  std::unique_ptr<runtime::WorkerIsolate> worker_;
};

TEST_F(CryptoOps, SecretHandlesHoldACopyOfTheBytes) {
  EXPECT_EQ(js("{"
               "const raw = bytes('00112233');"
               "const key = ops.cryptoSecretImport(raw);"
               "raw.fill(0xff);"
               "[hex(ops.cryptoSecretExport(key)), Object.keys(key).length].join()"
               "}"),
            "00112233,0");
}

TEST_F(CryptoOps, HandlesOfTheWrongKindAreRefused) {
  EXPECT_EQ(js("{"
               "const digest = ops.cryptoDigestCreate('SHA-256');"
               "thrown(() => ops.cryptoHmacSign('SHA-256', digest, new Uint8Array(1)))"
               "}"),
            "TypeError: internal error: ops.cryptoHmacSign argument 1 has the wrong type");
  EXPECT_EQ(js("thrown(() => ops.cryptoSecretExport({}))"),
            "TypeError: internal error: ops.cryptoSecretExport argument 0 has the wrong type");
  EXPECT_EQ(js("thrown(() => ops.cryptoKeyInfo(ops.cryptoSecretImport(new Uint8Array(4))))"),
            "TypeError: internal error: ops.cryptoKeyInfo argument 0 has the wrong type");
  EXPECT_EQ(js("thrown(() => ops.cryptoDigestCreate('SHA-3'))"),
            "TypeError: internal error: ops.cryptoDigestCreate argument 0 has the wrong type");
}

TEST_F(CryptoOps, ADigestIsTakenOnce) {
  EXPECT_EQ(js("{"
               "const d = ops.cryptoDigestCreate('SHA-1');"
               "ops.cryptoDigestUpdate(d, bytes('616263'));"
               "const first = hex(ops.cryptoDigestFinish(d));"
               "[first, thrown(() => ops.cryptoDigestFinish(d)),"
               " thrown(() => ops.cryptoDigestUpdate(d, bytes('00')))].join('|')"
               "}"),
            "a9993e364706816aba3e25717850c26c9cd0d89d|"
            "TypeError: internal error: ops.cryptoDigestFinish argument 0 has the wrong type|"
            "TypeError: internal error: ops.cryptoDigestUpdate argument 0 has the wrong type");
}

TEST_F(CryptoOps, DroppedKeysAreFreedByTheGarbageCollector) {
  int64_t before = externalMemory();
  EXPECT_EQ(js("{"
               "globalThis.keys = [];"
               "for (let i = 0; i < 50; ++i) keys.push(...ops.cryptoKeyGenerate('P-256'));"
               "keys.length"
               "}"),
            "100");
  int64_t held = externalMemory();
  EXPECT_GT(held, before);
  EXPECT_EQ(js("globalThis.keys = null; 'dropped'"), "dropped");
  collectGarbage();
  // The collector's callbacks cannot tell V8; the next handle made reports what they freed.
  EXPECT_EQ(js("typeof ops.cryptoSecretImport(new Uint8Array(1))"), "object");
  EXPECT_LT(externalMemory(), held);
}

TEST_F(CryptoOps, CtrCounterWrapsWithinItsLength) {
  // ctr(counter, length): hex of three blocks encrypted under a fixed key.
  js(R"js(globalThis.ctr = (counterHex, length) => {
    const key = ops.cryptoSecretImport(bytes('000102030405060708090a0b0c0d0e0f'));
    const out = ops.cryptoAesCtr(key, bytes(counterHex), length, new Uint8Array(48).fill(9));
    return out === undefined ? undefined : hex(out);
  })js");
  // A 128-bit counter wraps the whole block: ff…ff is followed by 00…00.
  EXPECT_EQ(js("ctr('ffffffffffffffffffffffffffffffff', 128).slice(32, 64) === "
               "ctr('00000000000000000000000000000000', 128).slice(0, 32)"),
            "true");
  // A 64-bit counter keeps the high half: …|ffffffffffffffff is followed by …|0000000000000000.
  EXPECT_EQ(js("ctr('1111111111111111ffffffffffffffff', 64).slice(32, 96) === "
               "ctr('11111111111111110000000000000000', 64).slice(0, 64)"),
            "true");
  // Three blocks with a 1-bit counter would reuse a counter value.
  EXPECT_EQ(js("String(ctr('00000000000000000000000000000000', 1))"), "undefined");
}

TEST_F(CryptoOps, KeyDataErrorsAreDataErrorsAndFailuresAreInternal) {
  // The minimal runtime has no DOMException: the op throws an Error with WebCrypto's name.
  EXPECT_EQ(js("thrown(() => ops.cryptoKeyImportSpki(new Uint8Array(3)))"),
            "DataError: Invalid SPKI input.");
  edged::testing::LogCapture log;
  std::string out = js("thrown(() => ops.cryptoKeyExportPkcs8(ops.cryptoKeyGenerate('P-256')[1]))");
  EXPECT_EQ(out.rfind("OperationError: internal error; reference = ", 0), 0u) << out;
  EXPECT_TRUE(log.contains("WebCrypto internal error")) << log.text();
  EXPECT_TRUE(log.contains(out.substr(out.find("= ") + 2))) << log.text();
}

TEST_F(CryptoOps, MalformedSignaturesAreInvalidNotErrors) {
  EXPECT_EQ(js("{"
               "const [, pub] = ops.cryptoKeyGenerate('P-256');"
               "[ops.cryptoEcdsaVerify(pub, 'SHA-256', new Uint8Array(63), new Uint8Array(1)),"
               " ops.cryptoEcdsaVerify(pub, 'SHA-256', new Uint8Array(64), new Uint8Array(1))]"
               ".join()"
               "}"),
            "false,false");
  EXPECT_EQ(js("{"
               "const [, pub] = ops.cryptoKeyGenerate('RSA', 1024, bytes('010001'));"
               "[ops.cryptoRsaVerify(pub, 'SHA-256', -1, new Uint8Array(7), new Uint8Array(1)),"
               " ops.cryptoRsaVerify(pub, 'SHA-256', 32, new Uint8Array(128), new Uint8Array(1))]"
               ".join()"
               "}"),
            "false,false");
}

TEST_F(CryptoOps, KeyInfoDescribesKeys) {
  EXPECT_EQ(js("{"
               "const [priv, pub] = ops.cryptoKeyGenerate('RSA', 1024, bytes('03'));"
               "const i = ops.cryptoKeyInfo(priv);"
               "[i.private, i.kind, i.modulusLength, hex(i.publicExponent),"
               " ops.cryptoKeyInfo(pub).private].join()"
               "}"),
            "true,rsa,1024,03,false");
  EXPECT_EQ(js("{"
               "const spki = ops.cryptoKeyExportSpki(ops.cryptoKeyGenerate('P-521')[1]);"
               "const i = ops.cryptoKeyInfo(ops.cryptoKeyImportSpki(spki));"
               "[i.kind, i.namedCurve].join()"
               "}"),
            "ec,P-521");
}

TEST_F(CryptoOps, X25519RefusesSmallOrderPeers) {
  EXPECT_EQ(js("{"
               "const [priv] = ops.cryptoKeyGenerate('X25519');"
               "const zero = ops.cryptoOkpImportRaw('X25519', new Uint8Array(32), false);"
               "String(ops.cryptoX25519Derive(priv, zero))"
               "}"),
            "undefined");
}

}  // namespace
}  // namespace edged::api
