#include "edged/bindings/assets/asset_rules.h"

namespace edged::bindings::assets {
namespace {

using Intent = std::optional<AssetIntent>;

std::string_view dropSuffix(std::string_view s, std::string_view suffix) {
  return s.substr(0, s.size() - suffix.size());
}

// One resolution; `skip_redirects` is set while checking where a redirect would land, so that
// redirects never chain.
class Resolver {
 public:
  Resolver(const AssetIndex& index, const AssetRules& rules) : index_(index), rules_(rules) {}

  Intent intent(std::string_view path, bool skip_redirects) {
    switch (rules_.html) {
      case HtmlHandling::kAutoTrailingSlash:
        return autoTrailingSlash(path, skip_redirects);
      case HtmlHandling::kForceTrailingSlash:
        return forceTrailingSlash(path, skip_redirects);
      case HtmlHandling::kDropTrailingSlash:
        return dropTrailingSlash(path, skip_redirects);
      case HtmlHandling::kNone:
        break;
    }
    if (const AssetFile* exact = find(path)) return serve(exact);
    return notFound(path);
  }

 private:
  const AssetFile* find(std::string_view path) const { return index_.find(path); }
  static Intent serve(const AssetFile* file, int status = 200) {
    return AssetIntent{file, status, {}};
  }

  // Redirects to `destination` when it is not an asset itself but resolves (without further
  // redirects) to the same content as `file`.
  Intent redirect(std::string_view file, std::string_view destination, bool skip) {
    if (skip || find(destination) != nullptr) return std::nullopt;
    const AssetFile* target = find(file);
    if (target == nullptr) return std::nullopt;
    Intent landing = intent(destination, true);
    if (!landing || landing->asset == nullptr || landing->asset->etag != target->etag)
      return std::nullopt;
    return AssetIntent{nullptr, 0, std::string(destination)};
  }

  Intent autoTrailingSlash(std::string_view p, bool skip) {
    const AssetFile* exact = find(p);
    std::string s(p);
    Intent r;
    if (p.ends_with("/index")) {
      if (exact) return serve(exact);
      if ((r = redirect(s + ".html", dropSuffix(p, "index"), skip))) return r;
      if ((r = redirect(std::string(dropSuffix(p, "/index")) + ".html", dropSuffix(p, "/index"),
                        skip)))
        return r;
    } else if (p.ends_with("/index.html")) {
      if ((r = redirect(p, dropSuffix(p, "index.html"), skip))) return r;
      if ((r = redirect(std::string(dropSuffix(p, "/index.html")) + ".html",
                        dropSuffix(p, "/index.html"), skip)))
        return r;
    } else if (p.ends_with("/")) {
      if (const AssetFile* index = find(s + "index.html")) return serve(index);
      if ((r = redirect(std::string(dropSuffix(p, "/")) + ".html", dropSuffix(p, "/"), skip)))
        return r;
    } else if (p.ends_with(".html")) {
      if ((r = redirect(p, dropSuffix(p, ".html"), skip))) return r;
      if ((r = redirect(std::string(dropSuffix(p, ".html")) + "/index.html",
                        std::string(dropSuffix(p, ".html")) + "/", skip)))
        return r;
    }
    if (exact) return serve(exact);
    if (const AssetFile* html = find(s + ".html")) return serve(html);
    if ((r = redirect(s + "/index.html", s + "/", skip))) return r;
    return notFound(p);
  }

  Intent forceTrailingSlash(std::string_view p, bool skip) {
    const AssetFile* exact = find(p);
    std::string s(p);
    Intent r;
    if (p.ends_with("/index")) {
      if (exact) return serve(exact);
      if ((r = redirect(s + ".html", dropSuffix(p, "index"), skip))) return r;
      if ((r = redirect(std::string(dropSuffix(p, "/index")) + ".html", dropSuffix(p, "index"),
                        skip)))
        return r;
    } else if (p.ends_with("/index.html")) {
      if ((r = redirect(p, dropSuffix(p, "index.html"), skip))) return r;
      if ((r = redirect(std::string(dropSuffix(p, "/index.html")) + ".html",
                        dropSuffix(p, "index.html"), skip)))
        return r;
    } else if (p.ends_with("/")) {
      if (const AssetFile* index = find(s + "index.html")) return serve(index);
      if (const AssetFile* html = find(std::string(dropSuffix(p, "/")) + ".html"))
        return serve(html);
    } else if (p.ends_with(".html")) {
      if ((r = redirect(p, std::string(dropSuffix(p, ".html")) + "/", skip))) return r;
      if (exact) return serve(exact);
      if ((r = redirect(std::string(dropSuffix(p, ".html")) + "/index.html",
                        std::string(dropSuffix(p, ".html")) + "/", skip)))
        return r;
    }
    if (exact) return serve(exact);
    if ((r = redirect(s + ".html", s + "/", skip))) return r;
    if ((r = redirect(s + "/index.html", s + "/", skip))) return r;
    return notFound(p);
  }

  Intent dropTrailingSlash(std::string_view p, bool skip) {
    const AssetFile* exact = find(p);
    std::string s(p);
    Intent r;
    if (p.ends_with("/index")) {
      if (exact) return serve(exact);
      if (p == "/index") {
        if ((r = redirect("/index.html", "/", skip))) return r;
      } else if ((r = redirect(std::string(dropSuffix(p, "/index")) + ".html",
                               dropSuffix(p, "/index"), skip))) {
        return r;
      } else if ((r = redirect(s + ".html", dropSuffix(p, "/index"), skip))) {
        return r;
      }
    } else if (p.ends_with("/index.html")) {
      if (p == "/index.html") {
        if ((r = redirect("/index.html", "/", skip))) return r;
      } else if ((r = redirect(p, dropSuffix(p, "/index.html"), skip))) {
        return r;
      } else if (exact) {
        return serve(exact);
      } else if ((r = redirect(std::string(dropSuffix(p, "/index.html")) + ".html",
                               dropSuffix(p, "/index.html"), skip))) {
        return r;
      }
    } else if (p.ends_with("/")) {
      if (p == "/") {
        if (const AssetFile* index = find("/index.html")) return serve(index);
      } else if ((r = redirect(std::string(dropSuffix(p, "/")) + ".html", dropSuffix(p, "/"),
                               skip))) {
        return r;
      } else if ((r = redirect(std::string(dropSuffix(p, "/")) + "/index.html", dropSuffix(p, "/"),
                               skip))) {
        return r;
      }
    } else if (p.ends_with(".html")) {
      if ((r = redirect(p, dropSuffix(p, ".html"), skip))) return r;
      if ((r = redirect(std::string(dropSuffix(p, ".html")) + "/index.html", dropSuffix(p, ".html"),
                        skip)))
        return r;
    }
    if (exact) return serve(exact);
    if (const AssetFile* html = find(s + ".html")) return serve(html);
    if (const AssetFile* index = find(s + "/index.html")) return serve(index);
    return notFound(p);
  }

  Intent notFound(std::string_view path) {
    switch (rules_.not_found) {
      case NotFoundHandling::kSinglePageApplication:
        if (const AssetFile* index = find("/index.html")) return serve(index);
        return std::nullopt;
      case NotFoundHandling::kNotFoundPage: {
        // The nearest 404.html, from the path's own directory up to the root.
        std::string_view dir = path;
        while (!dir.empty()) {
          dir = dir.substr(0, dir.rfind('/'));
          if (const AssetFile* page = find(std::string(dir) + "/404.html")) return serve(page, 404);
        }
        return std::nullopt;
      }
      case NotFoundHandling::kNone:
        break;
    }
    return std::nullopt;
  }

  const AssetIndex& index_;
  const AssetRules& rules_;
};

}  // namespace

AssetRules AssetRules::from(const config::Assets& assets) {
  AssetRules rules;
  const std::string html = assets.html_handling.value_or("auto-trailing-slash");
  if (html == "force-trailing-slash") rules.html = HtmlHandling::kForceTrailingSlash;
  if (html == "drop-trailing-slash") rules.html = HtmlHandling::kDropTrailingSlash;
  if (html == "none") rules.html = HtmlHandling::kNone;
  const std::string not_found = assets.not_found_handling.value_or("none");
  if (not_found == "404-page") rules.not_found = NotFoundHandling::kNotFoundPage;
  if (not_found == "single-page-application")
    rules.not_found = NotFoundHandling::kSinglePageApplication;
  return rules;
}

std::optional<AssetIntent> resolveIntent(const AssetIndex& index, std::string_view decoded_path,
                                         const AssetRules& rules) {
  return Resolver(index, rules).intent(decoded_path, false);
}

}  // namespace edged::bindings::assets
