#include "environments.h"

namespace edged::config::detail {
namespace {

// env.<name> holds only fields an environment may set; a top-level-only one gets its own message
// since the name itself is right.
ObjectNode environmentSection(const Node& value) {
  if (value.isObject()) {
    ObjectNode fields = ObjectNode::quiet(value);
    for (const auto& [key, field] : fields.fields()) {
      const FieldSpec* spec = findField(key);
      if (spec != nullptr && spec->scope == Scope::kTopLevelOnly) {
        field.diag().fail("field \"" + field.path() +
                          "\" is only allowed at the top level, not inside an environment");
      }
    }
  }
  return ObjectNode(value, environmentFieldNames());
}

}  // namespace

SelectedFields selectFields(const ObjectNode& root, const std::optional<std::string>& environment,
                            Diagnostics& diag) {
  std::optional<ObjectNode> selected;
  std::vector<std::string> defined;
  if (auto envs = root.get("env")) {
    ObjectNode sections = ObjectNode::anyKeys(*envs);
    for (const auto& [name, section] : sections.fields()) {
      ObjectNode checked = environmentSection(section);
      defined.push_back(name);
      if (environment && name == *environment) selected = std::move(checked);
    }
  }
  if (environment && !selected) {
    if (!defined.empty()) {
      std::string names;
      for (const std::string& name : defined)
        names += (names.empty() ? "\"" : ", \"") + name + "\"";
      diag.fail("environment \"" + *environment + "\" is not defined; \"env\" defines " + names);
    }
    diag.warn("environment \"" + *environment +
              "\" is not defined (there is no \"env\" section); using the top-level settings");
  }

  SelectedFields out;
  out.environment_sets_name = selected && selected->has("name");
  for (const FieldSpec& spec : wranglerFields()) {
    std::optional<Node> top = root.get(spec.name);
    std::optional<Node> own = selected ? selected->get(spec.name) : std::nullopt;
    if (!selected || spec.scope == Scope::kTopLevelOnly) {
      if (top) out.fields.push_back({&spec, *top});
    } else if (own) {
      out.fields.push_back({&spec, *own});
    } else if (top && spec.scope == Scope::kInheritable) {
      out.fields.push_back({&spec, *top});
    } else if (top) {
      diag.warn("\"" + std::string(spec.name) + "\" is set at the top level but not in \"env." +
                *environment + "\"; it is not inherited, so environment \"" + *environment +
                "\" has none");
    }
  }
  return out;
}

}  // namespace edged::config::detail
