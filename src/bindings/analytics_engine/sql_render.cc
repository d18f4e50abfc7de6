#include "sql_render.h"

#include <string_view>

namespace edged::bindings::analytics_engine::sql {
namespace {

std::string_view operatorFunction(std::string_view op) {
  if (op == "+") return "plus";
  if (op == "-") return "minus";
  if (op == "*") return "multiply";
  if (op == "/") return "divide";
  if (op == "%") return "modulo";
  if (op == "=") return "equals";
  if (op == "!=") return "notEquals";
  if (op == "<") return "less";
  if (op == "<=") return "lessOrEquals";
  if (op == ">") return "greater";
  if (op == ">=") return "greaterOrEquals";
  if (op == "AND") return "and";
  if (op == "OR") return "or";
  return "concat";  // ||
}

std::string list(const std::vector<ExprPtr>& args, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < args.size(); ++i) {
    if (i > from) out += ", ";
    out += args[i] ? renderColumnName(*args[i]) : std::string();
  }
  return out;
}

std::string quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string call(std::string_view name, const std::string& args) {
  return std::string(name) + "(" + args + ")";
}

}  // namespace

std::string renderColumnName(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kNumber:
    case Expr::Kind::kColumn: return e.text;
    case Expr::Kind::kString: return quoted(e.text);
    case Expr::Kind::kNull: return "NULL";
    case Expr::Kind::kBool: return e.text;
    case Expr::Kind::kStar: return "*";
    case Expr::Kind::kFunction: {
      if (e.args.size() == 1 && e.args[0]->kind == Expr::Kind::kStar) return call(e.text, "");
      std::string name = e.distinct ? e.text + "Distinct" : e.text;
      if (e.has_params) return call(name, list(e.params)) + call("", list(e.args));
      return call(name, list(e.args));
    }
    case Expr::Kind::kUnary:
      return call(e.text == "-" ? "negate" : "not", renderColumnName(*e.args[0]));
    case Expr::Kind::kBinary:
      return call(operatorFunction(e.text),
                  renderColumnName(*e.args[0]) + ", " + renderColumnName(*e.args[1]));
    case Expr::Kind::kIn:
      return call(e.negated ? "notIn" : "in", renderColumnName(*e.args[0]) + ", (" + list(e.args, 1) + ")");
    case Expr::Kind::kBetween: {
      std::string value = renderColumnName(*e.args[0]);
      std::string range = call("greaterOrEquals", value + ", " + renderColumnName(*e.args[1])) + ", " +
                          call("lessOrEquals", value + ", " + renderColumnName(*e.args[2]));
      return e.negated ? call("not", call("and", range)) : call("and", range);
    }
    case Expr::Kind::kLike: {
      std::string name = e.text == "ILIKE" ? "ilike" : "like";
      if (e.negated) name = e.text == "ILIKE" ? "notILike" : "notLike";
      return call(name, list(e.args));
    }
    case Expr::Kind::kIsNull: return call(e.negated ? "isNotNull" : "isNull", list(e.args));
    case Expr::Kind::kInterval: {
      std::string unit = e.text.substr(0, 1) + e.text.substr(1);
      for (size_t i = 1; i < unit.size(); ++i) unit[i] = static_cast<char>(unit[i] - 'A' + 'a');
      return call("toInterval" + unit, e.args[0]->text);
    }
  }
  return {};
}

}  // namespace edged::bindings::analytics_engine::sql
