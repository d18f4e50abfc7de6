#pragma once
// The Content-Type an asset is served with, from its file name's extension, as Cloudflare's
// asset upload assigns it (the `mime` package's table; text types carry charset=utf-8).

#include <string>
#include <string_view>

namespace edged::bindings::assets {

// "application/octet-stream" for an unknown or missing extension.
std::string contentTypeFor(std::string_view file_name);

}  // namespace edged::bindings::assets
