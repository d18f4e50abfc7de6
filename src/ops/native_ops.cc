#include "native_ops.h"

#include "edged/api/basic_ops.h"
#include "edged/api/cache.h"
#include "edged/api/compression.h"
#include "edged/api/crypto/crypto_ops.h"
#include "edged/api/fetch_client.h"
#include "edged/api/fetch_event.h"
#include "edged/api/timers.h"

namespace edged::ops {
namespace {

// Grouped by API; the name is what runtime JS calls (`ops.<name>`).
constexpr runtime::NativeOp kOps[] = {
    // console
    {"log", &api::opLog},
    {"promiseState", &api::opPromiseState},
    // buffers (streams)
    {"transferArrayBuffer", &api::opTransferArrayBuffer},
    // encoding
    {"encodeUtf8", &api::opEncodeUtf8},
    {"encodeUtf8Into", &api::opEncodeUtf8Into},
    {"decodeUtf8", &api::opDecodeUtf8},
    {"decodeLatin1", &api::opDecodeLatin1},
    // url
    {"domainToASCII", &api::opDomainToAscii},
    {"domainToUnicode", &api::opDomainToUnicode},
    // crypto, clocks, structuredClone
    {"randomFill", &api::opRandomFill},
    {"randomUUID", &api::opRandomUUID},
    {"monotonicNow", &api::opMonotonicNow},
    {"structuredClone", &api::opStructuredClone},
    // timers
    {"timerStart", &api::opTimerStart},
    {"timerCancel", &api::opTimerCancel},
    // fetch event
    {"fetchBodyRead", &api::opFetchBodyRead},
    {"fetchBodyReadAll", &api::opFetchBodyReadAll},
    {"fetchRespond", &api::opFetchRespond},
    {"fetchWrite", &api::opFetchWrite},
    {"fetchEnd", &api::opFetchEnd},
    {"fetchFail", &api::opFetchFail},
    {"fetchDone", &api::opFetchDone},
    // outbound fetch() (subrequests)
    {"fetchClientStart", &api::opFetchClientStart},
    {"fetchClientWrite", &api::opFetchClientWrite},
    {"fetchClientEnd", &api::opFetchClientEnd},
    {"fetchClientResponse", &api::opFetchClientResponse},
    {"fetchClientRead", &api::opFetchClientRead},
    {"fetchClientAbort", &api::opFetchClientAbort},
    // compression (CompressionStream, DecompressionStream, Content-Encoding)
    {"compressionCreate", &api::opCompressionCreate},
    {"compressionPush", &api::opCompressionPush},
    {"compressionClose", &api::opCompressionClose},
    // Cache API (caches.default, caches.open)
    {"cacheMatch", &api::opCacheMatch},
    {"cacheBodyRead", &api::opCacheBodyRead},
    {"cacheBodyClose", &api::opCacheBodyClose},
    {"cachePutBegin", &api::opCachePutBegin},
    {"cachePutWrite", &api::opCachePutWrite},
    {"cachePutCommit", &api::opCachePutCommit},
    {"cachePutAbort", &api::opCachePutAbort},
    {"cacheDelete", &api::opCacheDelete},
    // WebCrypto (crypto.subtle, crypto.DigestStream)
    {"cryptoDigest", &api::opCryptoDigest},
    {"cryptoDigestCreate", &api::opCryptoDigestCreate},
    {"cryptoDigestUpdate", &api::opCryptoDigestUpdate},
    {"cryptoDigestFinish", &api::opCryptoDigestFinish},
    {"cryptoTimingSafeEqual", &api::opCryptoTimingSafeEqual},
    {"cryptoSecretImport", &api::opCryptoSecretImport},
    {"cryptoSecretExport", &api::opCryptoSecretExport},
    {"cryptoHmacSign", &api::opCryptoHmacSign},
    {"cryptoHmacVerify", &api::opCryptoHmacVerify},
    {"cryptoPbkdf2", &api::opCryptoPbkdf2},
    {"cryptoHkdf", &api::opCryptoHkdf},
    {"cryptoAesGcm", &api::opCryptoAesGcm},
    {"cryptoAesCbc", &api::opCryptoAesCbc},
    {"cryptoAesCtr", &api::opCryptoAesCtr},
    {"cryptoAesKw", &api::opCryptoAesKw},
    {"cryptoKeyGenerate", &api::opCryptoKeyGenerate},
    {"cryptoKeyImportSpki", &api::opCryptoKeyImportSpki},
    {"cryptoKeyImportPkcs8", &api::opCryptoKeyImportPkcs8},
    {"cryptoKeyExportSpki", &api::opCryptoKeyExportSpki},
    {"cryptoKeyExportPkcs8", &api::opCryptoKeyExportPkcs8},
    {"cryptoKeyInfo", &api::opCryptoKeyInfo},
    {"cryptoEcImportRaw", &api::opCryptoEcImportRaw},
    {"cryptoEcExportRaw", &api::opCryptoEcExportRaw},
    {"cryptoEcImportJwk", &api::opCryptoEcImportJwk},
    {"cryptoEcExportJwk", &api::opCryptoEcExportJwk},
    {"cryptoEcdsaSign", &api::opCryptoEcdsaSign},
    {"cryptoEcdsaVerify", &api::opCryptoEcdsaVerify},
    {"cryptoEcdhDerive", &api::opCryptoEcdhDerive},
    {"cryptoOkpImportRaw", &api::opCryptoOkpImportRaw},
    {"cryptoOkpExportRaw", &api::opCryptoOkpExportRaw},
    {"cryptoEd25519Sign", &api::opCryptoEd25519Sign},
    {"cryptoEd25519Verify", &api::opCryptoEd25519Verify},
    {"cryptoX25519Derive", &api::opCryptoX25519Derive},
    {"cryptoRsaImportJwk", &api::opCryptoRsaImportJwk},
    {"cryptoRsaExportJwk", &api::opCryptoRsaExportJwk},
    {"cryptoRsaSign", &api::opCryptoRsaSign},
    {"cryptoRsaVerify", &api::opCryptoRsaVerify},
    {"cryptoRsaOaep", &api::opCryptoRsaOaep},
};

}  // namespace

runtime::NativeOpTable nativeOps() { return kOps; }

}  // namespace edged::ops
