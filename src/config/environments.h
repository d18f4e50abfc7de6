#pragma once
// Named environments (`env.<name>`): which value of each field applies, as wrangler decides it.
// An environment overrides inheritable fields and inherits the rest from the top level; vars,
// bindings and the other non-inheritable fields come only from the environment itself.

#include <optional>
#include <string>
#include <vector>

#include "fields.h"

namespace edged::config::detail {

struct SelectedField {
  const FieldSpec* spec;
  Node value;  // its path says where it came from: "vars" or "env.staging.vars"
};

struct SelectedFields {
  std::vector<SelectedField> fields;  // in table order (fields.cc)
  // With an environment: whether it sets its own "name"; if not, the Worker is named
  // "<top-level name>-<environment>".
  bool environment_sets_name = false;
};

// Checks every env.<name> section (known keys only, no top-level-only fields) and picks the
// field values that apply to `environment` (none: the top level as written). Selecting an
// environment the file does not define fails when it defines others, and only warns when it
// defines none — wrangler's rule.
SelectedFields selectFields(const ObjectNode& root, const std::optional<std::string>& environment,
                            Diagnostics& diag);

}  // namespace edged::config::detail
