#pragma once
// From a request target to the asset path it names, refusing every path that could step out of
// the assets directory. Cloudflare's asset worker decodes each segment of the URL's pathname
// (its canonical form being the re-encoded one) and collapses repeated slashes; the URL parser
// before it has already resolved `.` and `..` segments, including their `%2e` spellings (WHATWG
// URL, path state). edged does both here, on the raw target, so a request answered natively
// sees exactly the path a Worker's `new URL(request.url)` would.

#include <optional>
#include <string>
#include <string_view>

namespace edged::bindings::assets {

struct AssetPath {
  std::string pathname;  // the URL's pathname: dot segments resolved, still percent-encoded
  std::string decoded;   // each segment percent-decoded, repeated slashes collapsed
  std::string search;    // "?…" or empty
};

// `target` is an origin-form request target ("/a/b?x") or an absolute URL. Nothing when the path
// can never name an asset: a backslash, a NUL, an encoded "/" or "\" ("%2f", "%5c") or a dot
// segment surviving decoding — such requests are never answered from the directory.
std::optional<AssetPath> parseAssetPath(std::string_view target);

// The canonical spelling of a decoded path: each segment as encodeURIComponent writes it.
std::string encodeAssetPath(std::string_view decoded);

}  // namespace edged::bindings::assets
