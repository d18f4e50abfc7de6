#include "native_ops.h"

#include "edged/api/basic_ops.h"
#include "edged/api/compression.h"
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
    {"fetchRespond", &api::opFetchRespond},
    {"fetchWrite", &api::opFetchWrite},
    {"fetchEnd", &api::opFetchEnd},
    {"fetchFail", &api::opFetchFail},
    {"fetchDone", &api::opFetchDone},
    // compression (CompressionStream, DecompressionStream, Content-Encoding)
    {"compressionCreate", &api::opCompressionCreate},
    {"compressionPush", &api::opCompressionPush},
    {"compressionClose", &api::opCompressionClose},
};

}  // namespace

runtime::NativeOpTable nativeOps() { return kOps; }

}  // namespace edged::ops
