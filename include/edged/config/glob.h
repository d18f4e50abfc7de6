#pragma once
// Glob patterns of wrangler module rules (`"globs": ["**/*.txt"]`), matched against a module's
// path relative to the module root, with `/` separators.
//
// The semantics are those of the `glob-to-regexp` package with `globstar: true`, which is what
// wrangler uses (find-additional-modules.ts):
//   `*`   any run of characters except `/`;
//   `**`  as a whole path segment (`**/x`, `a/**/x`, `a/**`): zero or more whole segments, so
//         `**/*.txt` matches both `a.txt` and `d/e/a.txt`; elsewhere it acts like `*`;
//   `?`   a literal `?` — wrangler does not enable glob-to-regexp's `extended` mode, which is what
//         lets the default rule `**/*.wasm?module` match the import `./x.wasm?module`.
// Every other character (including `[`, `{`) matches itself. Matching is case-sensitive and
// covers the whole path.

#include <string_view>

namespace edged::config {

bool globMatches(std::string_view pattern, std::string_view path);

}  // namespace edged::config
