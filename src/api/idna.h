#pragma once
// International domain names for the URL parser: UTS #46 processing as the WHATWG URL Standard
// asks for it ("domain to ASCII", "domain to Unicode"), done by ICU. Runtime JS reaches
// domainToAscii through the native op `ops.domainToASCII`; runtime-js/api/04_url_parser.js
// only calls it for hosts that are not plain ASCII (its fast path handles the rest).

#include <optional>
#include <string>
#include <string_view>

namespace edged::api {

// URL Standard "domain to ASCII" (https://url.spec.whatwg.org/#concept-domain-to-ascii):
// UTS #46 ToASCII with CheckHyphens=false, CheckBidi=true, CheckJoiners=true,
// UseSTD3ASCIIRules=be_strict, Transitional_Processing=false, VerifyDnsLength=be_strict.
// Input and output are UTF-8. Returns std::nullopt on failure, including an empty result.
// Thread-safe.
std::optional<std::string> domainToAscii(std::string_view utf8, bool be_strict);

// URL Standard "domain to Unicode" (https://url.spec.whatwg.org/#concept-domain-to-unicode)
// with beStrict=false: UTS #46 ToUnicode. Errors are not failures: the standard returns the
// result regardless. ICU marks a label it could not process by appending U+FFFD to it
// ("xn--a" becomes "xn--a\uFFFD"). Thread-safe.
std::string domainToUnicode(std::string_view utf8);

}  // namespace edged::api
