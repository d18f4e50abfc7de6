#include "api/idna.h"

#include <unicode/uidna.h>

#include <cstdint>
#include <limits>
#include <memory>

namespace edged::api {

namespace {

struct UidnaCloser {
  void operator()(UIDNA* idna) const { uidna_close(idna); }
};
using UidnaPtr = std::unique_ptr<UIDNA, UidnaCloser>;

// CheckHyphens=false and VerifyDnsLength=false are not ICU options: ICU always checks and
// reports them, so the caller masks these bits out (as Node and Chromium do).
constexpr uint32_t kHyphenErrors =
    UIDNA_ERROR_LEADING_HYPHEN | UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_HYPHEN_3_4;
constexpr uint32_t kDnsLengthErrors =
    UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG | UIDNA_ERROR_DOMAIN_NAME_TOO_LONG;

// One immutable ICU instance per option set, opened on first use. ICU documents UIDNA
// instances as thread-safe ("can be used concurrently"), so every thread shares them.
UIDNA* openOnce(uint32_t options) {
  UErrorCode status = U_ZERO_ERROR;
  UIDNA* idna = uidna_openUTS46(options, &status);
  if (U_FAILURE(status)) return nullptr;  // ICU data missing: every call then fails.
  return idna;
}

UIDNA* toAsciiInstance(bool be_strict) {
  constexpr uint32_t kBase = UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ |
                             UIDNA_NONTRANSITIONAL_TO_ASCII;
  static const UidnaPtr lenient{openOnce(kBase)};
  static const UidnaPtr strict{openOnce(kBase | UIDNA_USE_STD3_RULES)};
  return be_strict ? strict.get() : lenient.get();
}

UIDNA* toUnicodeInstance() {
  static const UidnaPtr instance{openOnce(UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ |
                                          UIDNA_NONTRANSITIONAL_TO_UNICODE)};
  return instance.get();
}

// Runs an ICU UTF-8 conversion into `out`, growing it once if ICU asks for more room.
// Returns false if ICU reports a hard failure (not a UTS #46 processing error).
template <typename Convert>
bool runConversion(std::string_view in, std::string& out, UIDNAInfo& info, Convert convert) {
  if (in.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max() / 4)) return false;
  const auto in_len = static_cast<int32_t>(in.size());
  out.resize(in.size() + 64);
  UErrorCode status = U_ZERO_ERROR;
  int32_t len = convert(in.data(), in_len, out.data(), static_cast<int32_t>(out.size()), &info,
                        &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    info = UIDNA_INFO_INITIALIZER;
    out.resize(static_cast<size_t>(len));
    len = convert(in.data(), in_len, out.data(), len, &info, &status);
  }
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<size_t>(len));
  return true;
}

}  // namespace

std::optional<std::string> domainToAscii(std::string_view utf8, bool be_strict) {
  UIDNA* idna = toAsciiInstance(be_strict);
  if (idna == nullptr) return std::nullopt;
  std::string out;
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  auto convert = [idna](const char* in, int32_t in_len, char* dest, int32_t cap,
                        UIDNAInfo* pinfo, UErrorCode* status) {
    return uidna_nameToASCII_UTF8(idna, in, in_len, dest, cap, pinfo, status);
  };
  if (!runConversion(utf8, out, info, convert)) return std::nullopt;

  uint32_t errors = info.errors & ~kHyphenErrors;  // CheckHyphens=false
  if (!be_strict) errors &= ~kDnsLengthErrors;      // VerifyDnsLength=beStrict
  if (errors != 0) return std::nullopt;
  // URL Standard, domain to ASCII: "If result is the empty string, ... return failure."
  if (out.empty()) return std::nullopt;
  return out;
}

std::string domainToUnicode(std::string_view utf8) {
  UIDNA* idna = toUnicodeInstance();
  if (idna == nullptr) return std::string(utf8);
  std::string out;
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  auto convert = [idna](const char* in, int32_t in_len, char* dest, int32_t cap,
                        UIDNAInfo* pinfo, UErrorCode* status) {
    return uidna_nameToUnicodeUTF8(idna, in, in_len, dest, cap, pinfo, status);
  };
  // UTS #46 ToUnicode never fails; errors in info.errors are deliberately ignored.
  if (!runConversion(utf8, out, info, convert)) return std::string(utf8);
  return out;
}

}  // namespace edged::api
