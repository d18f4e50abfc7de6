#include "native_ops.h"

#include "edged/api/async_context.h"
#include "edged/api/basic_ops.h"
#include "edged/api/bundle_files_ops.h"
#include "edged/api/cache.h"
#include "edged/api/compression.h"
#include "edged/api/crypto/crypto_ops.h"
#include "edged/api/crypto/node_crypto_key_ops.h"
#include "edged/api/dns_ops.h"
#include "edged/api/fetch_client.h"
#include "edged/api/fetch_event.h"
#include "edged/api/node_zlib.h"
#include "edged/api/serialization.h"
#include "edged/api/sockets.h"
#include "edged/api/timers.h"
#include "edged/api/websocket.h"
#include "edged/api/worker_events.h"
#include "edged/bindings/analytics_engine/analytics_engine_ops.h"
#include "edged/bindings/assets/assets_ops.h"
#include "edged/bindings/browser/browser_ops.h"
#include "edged/bindings/d1/d1_ops.h"
#include "edged/bindings/durable_objects/hibernation_ops.h"
#include "edged/bindings/durable_objects/object_ops.h"
#include "edged/bindings/durable_objects/storage_ops.h"
#include "edged/bindings/kv/kv_ops.h"
#include "edged/bindings/queues/queue_ops.h"
#include "edged/bindings/r2/r2_ops.h"
#include "edged/bindings/services/service_ops.h"
#include "edged/bindings/workflows/workflow_ops.h"
#include "binding_op.h"

namespace edged::ops {
namespace {

using B = metrics::BindingKind;
namespace ae = bindings::analytics_engine;

// Grouped by API; binding operations go through bindingOp (binding_op.h: metrics and the
// subrequest limit); the name is what runtime JS calls (`ops.<name>`).
constexpr runtime::NativeOp kOps[] = {
    // console
    {"log", &api::opLog},
    {"promiseState", &api::opPromiseState},
    // buffers (streams)
    {"transferArrayBuffer", &api::opTransferArrayBuffer},
    {"isArrayBuffer", &api::opIsArrayBuffer},
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
    // node:fs /bundle (src/api/bundle_files_ops.cc)
    {"bundleFileNames", &api::opBundleFileNames},
    {"bundleFileRead", &api::opBundleFileRead},
    {"structuredClone", &api::opStructuredClone},
    {"serialize", &api::opSerialize},
    {"deserialize", &api::opDeserialize},
    // node:async_hooks (AsyncLocalStorage)
    {"asyncContextGet", &api::opAsyncContextGet},
    {"asyncContextSet", &api::opAsyncContextSet},
    // timers
    {"timerStart", &api::opTimerStart},
    {"timerCancel", &api::opTimerCancel},
    // fetch event
    {"fetchBodyRead", &api::opFetchBodyRead},
    {"fetchBodyReadAll", &api::opFetchBodyReadAll},
    {"fetchRespond", &api::opFetchRespond},
    {"fetchUpgrade", &api::opFetchUpgrade},
    {"fetchPipe", &api::opFetchPipe},
    {"fetchWrite", &api::opFetchWrite},
    {"fetchEnd", &api::opFetchEnd},
    {"fetchFail", &api::opFetchFail},
    {"fetchDone", &api::opFetchDone},
    // events without a request (cron, queues, workflows)
    {"workerEventDone", &api::opWorkerEventDone},
    // outbound fetch() (subrequests)
    {"fetchClientStart", &api::opFetchClientStart},
    {"fetchClientWrite", &api::opFetchClientWrite},
    {"fetchClientEnd", &api::opFetchClientEnd},
    {"fetchClientResponse", &api::opFetchClientResponse},
    {"fetchClientRead", &api::opFetchClientRead},
    {"fetchClientAbort", &api::opFetchClientAbort},
    // cloudflare:sockets (connect(), startTls())
    {"socketConnect", &api::opSocketConnect},
    {"socketOpened", &api::opSocketOpened},
    {"socketRead", &api::opSocketRead},
    {"socketWrite", &api::opSocketWrite},
    {"socketShutdown", &api::opSocketShutdown},
    {"socketStartTls", &api::opSocketStartTls},
    {"socketClose", &api::opSocketClose},
    // compression (CompressionStream, DecompressionStream, Content-Encoding)
    {"compressionCreate", &api::opCompressionCreate},
    {"compressionPush", &api::opCompressionPush},
    {"compressionClose", &api::opCompressionClose},
    // node:zlib (Node's zlib and brotli streams, crc32)
    {"zlibCreate", &api::opZlibCreate},
    {"zlibWrite", &api::opZlibWrite},
    {"zlibReset", &api::opZlibReset},
    {"zlibClose", &api::opZlibClose},
    {"zlibCrc32", &api::opZlibCrc32},
    // node:dns (the system resolver)
    {"dnsLookup", &api::opDnsLookup},
    // Cache API (caches.default, caches.open)
    {"cacheMatch", &bindingOp<B::kCache, Subrequest::kYes, &api::opCacheMatch>},
    {"cacheBodyRead", &api::opCacheBodyRead},
    {"cacheBodyClose", &api::opCacheBodyClose},
    {"cachePutBegin", &bindingOp<B::kCache, Subrequest::kYes, &api::opCachePutBegin>},
    {"cachePutWrite", &api::opCachePutWrite},
    {"cachePutCommit", &api::opCachePutCommit},
    {"cachePutAbort", &api::opCachePutAbort},
    {"cacheDelete", &bindingOp<B::kCache, Subrequest::kYes, &api::opCacheDelete>},
    // fetch() through the subrequest cache (cf cache options)
    {"fetchCacheMatch", &api::opFetchCacheMatch},
    {"fetchCachePutBegin", &api::opFetchCachePutBegin},
    // WebCrypto (crypto.subtle, crypto.DigestStream)
    {"cryptoDigest", &api::opCryptoDigest},
    {"cryptoDigestCreate", &api::opCryptoDigestCreate},
    {"cryptoDigestUpdate", &api::opCryptoDigestUpdate},
    {"cryptoDigestFinish", &api::opCryptoDigestFinish},
    {"cryptoTimingSafeEqual", &api::opCryptoTimingSafeEqual},
    {"cryptoDigestCopy", &api::opCryptoDigestCopy},
    {"cryptoHmacCreate", &api::opCryptoHmacCreate},
    {"cryptoHmacUpdate", &api::opCryptoHmacUpdate},
    {"cryptoHmacFinish", &api::opCryptoHmacFinish},
    {"cryptoCipherCreate", &api::opCryptoCipherCreate},
    {"cryptoCipherUpdate", &api::opCryptoCipherUpdate},
    {"cryptoCipherFinal", &api::opCryptoCipherFinal},
    {"cryptoCipherSetAAD", &api::opCryptoCipherSetAAD},
    {"cryptoCipherSetAutoPadding", &api::opCryptoCipherSetAutoPadding},
    {"cryptoCipherGetTag", &api::opCryptoCipherGetTag},
    {"cryptoCipherSetTag", &api::opCryptoCipherSetTag},
    {"cryptoScrypt", &api::opCryptoScrypt},
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
    {"cryptoNodeKeyParse", &api::opCryptoNodeKeyParse},
    {"cryptoNodeKeyExport", &api::opCryptoNodeKeyExport},
    {"cryptoNodeKeyDetails", &api::opCryptoNodeKeyDetails},
    {"cryptoNodeKeyEquals", &api::opCryptoNodeKeyEquals},
    {"cryptoNodeKeyGenerate", &api::opCryptoNodeKeyGenerate},
    {"cryptoNodeEcKey", &api::opCryptoNodeEcKey},
    {"cryptoNodeEcPoint", &api::opCryptoNodeEcPoint},
    {"cryptoNodeEcScalar", &api::opCryptoNodeEcScalar},
    {"cryptoNodeSign", &api::opCryptoNodeSign},
    {"cryptoNodeVerify", &api::opCryptoNodeVerify},
    {"cryptoNodeRsaCrypt", &api::opCryptoNodeRsaCrypt},
    {"cryptoNodeDerive", &api::opCryptoNodeDerive},
    {"cryptoNodeDigestSize", &api::opCryptoNodeDigestSize},
    {"cryptoNodeHashCreate", &api::opCryptoNodeHashCreate},
    {"cryptoNodeHashFinish", &api::opCryptoNodeHashFinish},
    {"cryptoNodeHashNames", &api::opCryptoNodeHashNames},
    {"cryptoNodeX509Parse", &api::opCryptoNodeX509Parse},
    {"cryptoNodeX509Check", &api::opCryptoNodeX509Check},
    {"cryptoNodeDhGroup", &api::opCryptoNodeDhGroup},
    {"cryptoNodeDhCreate", &api::opCryptoNodeDhCreate},
    {"cryptoNodeDhVerifyError", &api::opCryptoNodeDhVerifyError},
    {"cryptoNodeDhGenerateKeys", &api::opCryptoNodeDhGenerateKeys},
    {"cryptoNodeDhComputeSecret", &api::opCryptoNodeDhComputeSecret},
    {"cryptoNodeDhGet", &api::opCryptoNodeDhGet},
    {"cryptoNodeDhSet", &api::opCryptoNodeDhSet},
    {"cryptoNodeGeneratePrime", &api::opCryptoNodeGeneratePrime},
    {"cryptoNodeCheckPrime", &api::opCryptoNodeCheckPrime},
    {"cryptoNodeSpkac", &api::opCryptoNodeSpkac},
    {"cryptoNodeCipherInfo", &api::opCryptoNodeCipherInfo},
    // WebSocket, WebSocketPair
    {"wsPair", &api::opWsPair},
    {"wsAccept", &api::opWsAccept},
    {"wsSend", &api::opWsSend},
    {"wsClose", &api::opWsClose},
    {"wsPark", &api::opWsPark},
    {"wsClaim", &api::opWsClaim},
    // Durable Objects: namespaces, stubs, the objects' events
    {"doIdFromName", &bindings::durable_objects::opDoIdFromName},
    {"doNewUniqueId", &bindings::durable_objects::opDoNewUniqueId},
    {"doIdFromString", &bindings::durable_objects::opDoIdFromString},
    {"doCall",
     &bindingOp<B::kDurableObject, Subrequest::kYes, &bindings::durable_objects::opDoCall>},
    {"doReply", &bindings::durable_objects::opDoReply},
    {"doAcceptWebSocket", &bindings::durable_objects::opDoAcceptWebSocket},
    {"doGetWebSockets", &bindings::durable_objects::opDoGetWebSockets},
    {"doGetTags", &bindings::durable_objects::opDoGetTags},
    {"doSetAttachment", &bindings::durable_objects::opDoSetAttachment},
    {"doSetAutoResponse", &bindings::durable_objects::opDoSetAutoResponse},
    {"doGetAutoResponseTimestamp", &bindings::durable_objects::opDoGetAutoResponseTimestamp},
    // Durable Objects: ctx.storage (key-value, SQL, transactions, alarm)
    {"doStorageGet", &bindings::durable_objects::opDoStorageGet},
    {"doStorageGetMany", &bindings::durable_objects::opDoStorageGetMany},
    {"doStoragePut", &bindings::durable_objects::opDoStoragePut},
    {"doStoragePutMany", &bindings::durable_objects::opDoStoragePutMany},
    {"doStorageDelete", &bindings::durable_objects::opDoStorageDelete},
    {"doStorageDeleteMany", &bindings::durable_objects::opDoStorageDeleteMany},
    {"doStorageList", &bindings::durable_objects::opDoStorageList},
    {"doStorageDeleteAll", &bindings::durable_objects::opDoStorageDeleteAll},
    {"doStorageGetAlarm", &bindings::durable_objects::opDoStorageGetAlarm},
    {"doStorageSetAlarm", &bindings::durable_objects::opDoStorageSetAlarm},
    {"doStorageDeleteAlarm", &bindings::durable_objects::opDoStorageDeleteAlarm},
    {"doStorageSqlEnabled", &bindings::durable_objects::opDoStorageSqlEnabled},
    {"doStorageSqlExec", &bindings::durable_objects::opDoStorageSqlExec},
    {"doStorageDatabaseSize", &bindings::durable_objects::opDoStorageDatabaseSize},
    {"doStorageTransactionBegin", &bindings::durable_objects::opDoStorageTransactionBegin},
    {"doStorageTransactionCommit", &bindings::durable_objects::opDoStorageTransactionCommit},
    {"doStorageTransactionRollback", &bindings::durable_objects::opDoStorageTransactionRollback},
    {"doStorageSync", &bindings::durable_objects::opDoStorageSync},
    // D1 databases (runtime-js/api/54_d1.js)
    {"d1Query", &bindingOp<B::kD1, Subrequest::kYes, &bindings::d1::opD1Query>},
    {"d1Exec", &bindingOp<B::kD1, Subrequest::kYes, &bindings::d1::opD1Exec>},
    {"d1Dump", &bindingOp<B::kD1, Subrequest::kYes, &bindings::d1::opD1Dump>},
    // Workers KV (env.<kv_namespaces binding>)
    {"kvGet", &bindingOp<B::kKv, Subrequest::kYes, &bindings::kv::opKvGet>},
    {"kvGetBulk", &bindingOp<B::kKv, Subrequest::kYes, &bindings::kv::opKvGetBulk>},
    {"kvPut", &bindingOp<B::kKv, Subrequest::kYes, &bindings::kv::opKvPut>},
    {"kvCheckValueSize", &bindings::kv::opKvCheckValueSize},
    {"kvDelete", &bindingOp<B::kKv, Subrequest::kYes, &bindings::kv::opKvDelete>},
    {"kvList", &bindingOp<B::kKv, Subrequest::kYes, &bindings::kv::opKvList>},
    // R2 buckets (runtime-js/api/55_r2.js)
    {"r2Head", &bindingOp<B::kR2, Subrequest::kYes, &bindings::r2::opR2Head>},
    {"r2Get", &bindingOp<B::kR2, Subrequest::kYes, &bindings::r2::opR2Get>},
    {"r2BodyRead", &bindings::r2::opR2BodyRead},
    {"r2BodyClose", &bindings::r2::opR2BodyClose},
    {"r2BodyPipe", &bindings::r2::opR2BodyPipe},
    {"r2PutBegin", &bindingOp<B::kR2, Subrequest::kYes, &bindings::r2::opR2PutBegin>},
    {"r2PutWrite", &bindings::r2::opR2PutWrite},
    {"r2PutFinish", &bindings::r2::opR2PutFinish},
    {"r2PutAbort", &bindings::r2::opR2PutAbort},
    {"r2Delete", &bindingOp<B::kR2, Subrequest::kYes, &bindings::r2::opR2Delete>},
    {"r2List", &bindingOp<B::kR2, Subrequest::kYes, &bindings::r2::opR2List>},
    {"r2CreateUpload", &bindingOp<B::kR2, Subrequest::kYes, &bindings::r2::opR2CreateUpload>},
    {"r2CompleteUpload", &bindingOp<B::kR2, Subrequest::kYes, &bindings::r2::opR2CompleteUpload>},
    {"r2AbortUpload", &bindingOp<B::kR2, Subrequest::kYes, &bindings::r2::opR2AbortUpload>},
    // Queue producers (runtime-js/api/56_queues.js)
    {"queueSend", &bindingOp<B::kQueue, Subrequest::kYes, &bindings::queues::opQueueSend>},
    // Workflows (runtime-js/api/57_workflows.js, 58_workflow_run.js)
    {"workflowCreate",
     &bindingOp<B::kWorkflow, Subrequest::kYes, &bindings::workflows::opWorkflowCreate>},
    {"workflowStatus",
     &bindingOp<B::kWorkflow, Subrequest::kYes, &bindings::workflows::opWorkflowStatus>},
    {"workflowControl",
     &bindingOp<B::kWorkflow, Subrequest::kYes, &bindings::workflows::opWorkflowControl>},
    {"workflowSendEvent",
     &bindingOp<B::kWorkflow, Subrequest::kYes, &bindings::workflows::opWorkflowSendEvent>},
    {"workflowBeginRun", &bindings::workflows::opWorkflowBeginRun},
    {"workflowStep", &bindings::workflows::opWorkflowStep},
    {"workflowTakeEvent", &bindings::workflows::opWorkflowTakeEvent},
    {"workflowCompleteStep", &bindings::workflows::opWorkflowCompleteStep},
    {"workflowFailStep", &bindings::workflows::opWorkflowFailStep},
    {"workflowDeferStep", &bindings::workflows::opWorkflowDeferStep},
    {"workflowSuspend", &bindings::workflows::opWorkflowSuspend},
    {"workflowComplete", &bindings::workflows::opWorkflowComplete},
    {"workflowFail", &bindings::workflows::opWorkflowFail},
    // Workers Analytics Engine (runtime-js/api/59_analytics_engine.js)
    {"analyticsEngineWriteDataPoint",
     &bindingOp<B::kAnalyticsEngine, Subrequest::kNo, &ae::opAnalyticsEngineWriteDataPoint>},
    // Static assets: env.ASSETS (runtime-js/api/80_assets.js)
    {"assetsFetch", &bindingOp<B::kAssets, Subrequest::kNo, &bindings::assets::opAssetsFetch>},
    {"assetsBodyRead", &bindings::assets::opAssetsBodyRead},
    {"assetsBodyClose", &bindings::assets::opAssetsBodyClose},
    {"assetsBodyPipe", &bindings::assets::opAssetsBodyPipe},
    // Service bindings (runtime-js/api/59_services.js)
    {"serviceCall", &bindings::services::opServiceCall},
    {"serviceReply", &bindings::services::opServiceReply},
    {"serviceDone", &bindings::services::opServiceDone},
    // Browser Rendering (runtime-js/api/59_browser.js)
    {"browserAcquire", &bindings::browser::opBrowserAcquire},
    {"browserConnect", &bindings::browser::opBrowserConnect},
    {"browserInfo", &bindings::browser::opBrowserInfo},
};

}  // namespace

runtime::NativeOpTable nativeOps() { return kOps; }

}  // namespace edged::ops
