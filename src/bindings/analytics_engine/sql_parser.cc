#include "sql_parser.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <strings.h>

#include "sql_lexer.h"

namespace edged::bindings::analytics_engine::sql {
namespace {

// Deeper nesting than any real query, shallow enough that the recursion stays far from the
// stack's end.
constexpr int kMaxDepth = 200;

// Words that end an expression, so they are never read as an implicit alias.
constexpr std::array kReserved = {
    "SELECT", "FROM",   "WHERE", "GROUP", "BY",      "HAVING", "ORDER", "LIMIT", "OFFSET",
    "FORMAT", "AS",     "AND",   "OR",    "NOT",     "IN",     "LIKE",  "ILIKE", "BETWEEN",
    "IS",     "ASC",    "DESC",  "UNION", "JOIN",    "ON",     "USING", "WITH",  "SETTINGS",
    "INTERVAL", "DISTINCT", "ALL", "CASE", "WHEN", "THEN", "ELSE", "END", "NULLS"};

constexpr std::array kIntervalUnits = {"SECOND", "MINUTE", "HOUR", "DAY",
                                       "WEEK",   "MONTH",  "QUARTER", "YEAR"};

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

class Parser {
 public:
  Parser(std::string_view query, std::vector<Token> tokens) : query_(query), tokens_(std::move(tokens)) {}

  Result<Statement> statement() {
    Statement statement;
    if (acceptKeyword("SHOW")) {
      if (acceptKeyword("TABLES")) statement.kind = Statement::Kind::kShowTables;
      else if (acceptKeyword("TIMEZONES")) statement.kind = Statement::Kind::kShowTimezones;
      else if (acceptKeyword("TIMEZONE")) statement.kind = Statement::Kind::kShowTimezone;
      else return fail("expected TABLES, TIMEZONE or TIMEZONES after SHOW");
    } else if (peekKeyword("SELECT")) {
      statement.select = select();
      if (error_) return *error_;
    } else {
      return fail("expected SELECT or SHOW");
    }
    if (acceptKeyword("FORMAT")) {
      if (!peekIs(Token::Kind::kIdentifier)) return fail("expected a format name after FORMAT");
      statement.format = next().text;
    }
    acceptSymbol(";");
    if (!peekIs(Token::Kind::kEnd)) return fail("expected the end of the query");
    return statement;
  }

 private:
  // --- tokens ---
  const Token& peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& next() {
    const Token& token = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }
  bool peekIs(Token::Kind kind) const { return peek().kind == kind; }
  bool peekKeyword(std::string_view word, size_t ahead = 0) const {
    const Token& token = peek(ahead);
    return token.kind == Token::Kind::kIdentifier && equalsIgnoreCase(token.text, word);
  }
  bool acceptKeyword(std::string_view word) {
    if (!peekKeyword(word)) return false;
    next();
    return true;
  }
  bool peekSymbol(std::string_view symbol) const {
    return peek().kind == Token::Kind::kSymbol && peek().text == symbol;
  }
  bool acceptSymbol(std::string_view symbol) {
    if (!peekSymbol(symbol)) return false;
    next();
    return true;
  }
  bool isReserved(const Token& token) const {
    if (token.kind != Token::Kind::kIdentifier) return false;
    for (const char* word : kReserved) {
      if (equalsIgnoreCase(token.text, word)) return true;
    }
    return false;
  }

  std::string describe(const Token& token) const {
    switch (token.kind) {
      case Token::Kind::kEnd: return "the end of the query";
      case Token::Kind::kString: return "a string literal";
      default: return "'" + std::string(query_.substr(token.offset, std::max<size_t>(token.text.size(), 1))) + "'";
    }
  }

  Error fail(std::string_view expected) {
    if (!error_) {
      error_ = makeError(fmt::format("syntax error at {}: {}, found {}",
                                     describePosition(query_, peek().offset), expected,
                                     describe(peek())));
    }
    return *error_;
  }
  bool failed() const { return error_.has_value(); }

  bool expectSymbol(std::string_view symbol) {
    if (acceptSymbol(symbol)) return true;
    fail(fmt::format("expected '{}'", symbol));
    return false;
  }
  bool expectKeyword(std::string_view word) {
    if (acceptKeyword(word)) return true;
    fail(fmt::format("expected {}", word));
    return false;
  }

  // --- statements ---
  std::unique_ptr<Select> select() {
    auto select = std::make_unique<Select>();
    if (!enter()) return select;
    expectKeyword("SELECT");
    select->distinct = acceptKeyword("DISTINCT");
    do {
      SelectItem item;
      if (acceptSymbol("*")) {
        select->items.push_back(std::move(item));
        continue;
      }
      item.expr = expression();
      if (failed()) return select;
      if (acceptKeyword("AS")) {
        item.alias = name("an alias after AS");
      } else if ((peekIs(Token::Kind::kIdentifier) && !isReserved(peek())) ||
                 peekIs(Token::Kind::kQuotedIdentifier)) {
        item.alias = next().text;
      }
      select->items.push_back(std::move(item));
    } while (!failed() && acceptSymbol(","));
    if (failed()) return select;
    if (acceptKeyword("FROM")) {
      if (acceptSymbol("(")) {
        select->subquery = this->select();
        if (failed()) return select;
        expectSymbol(")");
      } else {
        select->table_offset = peek().offset;
        select->table = name("a table name after FROM");
      }
      // An optional alias for the table: queries only ever name one table, so it changes nothing.
      if (acceptKeyword("AS")) name("an alias after AS");
      else if (peekIs(Token::Kind::kIdentifier) && !isReserved(peek())) next();
    }
    if (!failed() && acceptKeyword("WHERE")) select->where = expression();
    if (!failed() && acceptKeyword("GROUP")) {
      expectKeyword("BY");
      do select->group_by.push_back(expression());
      while (!failed() && acceptSymbol(","));
    }
    if (!failed() && acceptKeyword("HAVING")) select->having = expression();
    if (!failed() && acceptKeyword("ORDER")) {
      expectKeyword("BY");
      do {
        OrderItem item;
        item.expr = expression();
        if (acceptKeyword("DESC")) item.descending = true;
        else acceptKeyword("ASC");
        select->order_by.push_back(std::move(item));
      } while (!failed() && acceptSymbol(","));
    }
    if (!failed() && acceptKeyword("LIMIT")) {
      if (!acceptKeyword("ALL")) {
        select->limit = count("a row count after LIMIT");
        if (acceptSymbol(",")) {  // LIMIT offset, count
          select->offset = select->limit;
          select->limit = count("a row count after LIMIT offset,");
        } else if (acceptKeyword("OFFSET")) {
          select->offset = count("a row count after OFFSET");
        }
      }
    }
    leave();
    return select;
  }

  std::string name(std::string_view what) {
    if ((peekIs(Token::Kind::kIdentifier) && !isReserved(peek())) ||
        peekIs(Token::Kind::kQuotedIdentifier)) {
      return next().text;
    }
    fail(fmt::format("expected {}", what));
    return {};
  }

  int64_t count(std::string_view what) {
    if (!peekIs(Token::Kind::kNumber)) {
      fail(fmt::format("expected {}", what));
      return 0;
    }
    const std::string& text = peek().text;
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
      fail(fmt::format("expected {} (a whole number)", what));
      return 0;
    }
    next();
    return value;
  }

  // --- expressions, lowest precedence first ---
  bool enter() {
    if (++depth_ > kMaxDepth) {
      fail("the query is nested too deeply");
      return false;
    }
    return true;
  }
  void leave() { --depth_; }

  ExprPtr make(Expr::Kind kind, std::string text, size_t offset) {
    auto expr = std::make_unique<Expr>();
    expr->kind = kind;
    expr->text = std::move(text);
    expr->offset = offset;
    return expr;
  }
  ExprPtr binary(std::string op, ExprPtr left, ExprPtr right) {
    size_t offset = left ? left->offset : 0;
    ExprPtr expr = make(Expr::Kind::kBinary, std::move(op), offset);
    expr->args.push_back(std::move(left));
    expr->args.push_back(std::move(right));
    return expr;
  }

  ExprPtr expression() {
    if (!enter()) return nullptr;
    ExprPtr left = conjunction();
    while (!failed() && acceptKeyword("OR")) left = binary("OR", std::move(left), conjunction());
    leave();
    return left;
  }

  ExprPtr conjunction() {
    ExprPtr left = negation();
    while (!failed() && acceptKeyword("AND")) left = binary("AND", std::move(left), negation());
    return left;
  }

  ExprPtr negation() {
    if (peekKeyword("NOT")) {
      size_t offset = next().offset;
      if (!enter()) return nullptr;
      ExprPtr expr = make(Expr::Kind::kUnary, "NOT", offset);
      expr->args.push_back(negation());
      leave();
      return expr;
    }
    return comparison();
  }

  ExprPtr comparison() {
    ExprPtr left = additive();
    if (failed()) return left;
    static constexpr std::string_view kOperators[] = {"=", "==", "!=", "<>", "<", "<=", ">", ">="};
    for (std::string_view op : kOperators) {
      if (acceptSymbol(op)) {
        std::string normal = op == "==" ? "=" : op == "<>" ? "!=" : std::string(op);
        return binary(std::move(normal), std::move(left), additive());
      }
    }
    bool negated = false;
    if (peekKeyword("NOT") && (peekKeyword("IN", 1) || peekKeyword("LIKE", 1) ||
                               peekKeyword("ILIKE", 1) || peekKeyword("BETWEEN", 1))) {
      next();
      negated = true;
    }
    if (acceptKeyword("IN")) {
      ExprPtr expr = make(Expr::Kind::kIn, "IN", left->offset);
      expr->negated = negated;
      expr->args.push_back(std::move(left));
      if (!expectSymbol("(")) return expr;
      do expr->args.push_back(additive());
      while (!failed() && acceptSymbol(","));
      expectSymbol(")");
      return expr;
    }
    if (peekKeyword("LIKE") || peekKeyword("ILIKE")) {
      ExprPtr expr = make(Expr::Kind::kLike, upper(next().text), left->offset);
      expr->negated = negated;
      expr->args.push_back(std::move(left));
      expr->args.push_back(additive());
      return expr;
    }
    if (acceptKeyword("BETWEEN")) {
      ExprPtr expr = make(Expr::Kind::kBetween, "BETWEEN", left->offset);
      expr->negated = negated;
      expr->args.push_back(std::move(left));
      expr->args.push_back(additive());
      expectKeyword("AND");
      expr->args.push_back(additive());
      return expr;
    }
    if (negated) {
      fail("expected IN, LIKE or BETWEEN after NOT");
      return left;
    }
    if (acceptKeyword("IS")) {
      ExprPtr expr = make(Expr::Kind::kIsNull, "IS NULL", left->offset);
      expr->negated = acceptKeyword("NOT");
      expectKeyword("NULL");
      expr->args.push_back(std::move(left));
      return expr;
    }
    return left;
  }

  ExprPtr additive() {
    ExprPtr left = multiplicative();
    while (!failed() && (peekSymbol("+") || peekSymbol("-") || peekSymbol("||"))) {
      std::string op = next().text;
      left = binary(std::move(op), std::move(left), multiplicative());
    }
    return left;
  }

  ExprPtr multiplicative() {
    ExprPtr left = unary();
    while (!failed() && (peekSymbol("*") || peekSymbol("/") || peekSymbol("%"))) {
      std::string op = next().text;
      left = binary(std::move(op), std::move(left), unary());
    }
    return left;
  }

  ExprPtr unary() {
    if (peekSymbol("-")) {
      size_t offset = next().offset;
      if (!enter()) return nullptr;
      ExprPtr expr = make(Expr::Kind::kUnary, "-", offset);
      expr->args.push_back(unary());
      leave();
      return expr;
    }
    if (peekSymbol("+")) next();
    return primary();
  }

  ExprPtr primary() {
    const Token& token = peek();
    size_t offset = token.offset;
    switch (token.kind) {
      case Token::Kind::kNumber: return make(Expr::Kind::kNumber, next().text, offset);
      case Token::Kind::kString: return make(Expr::Kind::kString, next().text, offset);
      case Token::Kind::kQuotedIdentifier: return make(Expr::Kind::kColumn, next().text, offset);
      case Token::Kind::kSymbol:
        if (acceptSymbol("(")) {
          if (peekKeyword("SELECT")) {
            fail("subqueries are only supported in FROM");
            return nullptr;
          }
          ExprPtr inner = expression();
          expectSymbol(")");
          return inner;
        }
        break;
      case Token::Kind::kIdentifier: {
        if (peekKeyword("NULL")) return next(), make(Expr::Kind::kNull, "NULL", offset);
        if (peekKeyword("TRUE") || peekKeyword("FALSE")) {
          return make(Expr::Kind::kBool, upper(next().text) == "TRUE" ? "true" : "false", offset);
        }
        if (peekKeyword("INTERVAL")) return interval();
        if (peekKeyword("CASE")) {
          fail("CASE is not supported (use if(condition, then, else))");
          return nullptr;
        }
        if (isReserved(token)) break;
        std::string name = next().text;
        if (!acceptSymbol("(")) return make(Expr::Kind::kColumn, std::move(name), offset);
        ExprPtr call = make(Expr::Kind::kFunction, std::move(name), offset);
        arguments(*call, call->args);
        if (!failed() && acceptSymbol("(")) {  // parametric: quantileWeighted(0.5)(x, w)
          call->has_params = true;
          call->params = std::move(call->args);
          call->args.clear();
          arguments(*call, call->args);
        }
        return call;
      }
      case Token::Kind::kEnd: break;
    }
    fail("expected an expression");
    return nullptr;
  }

  // After '(': the arguments and the ')'.
  void arguments(Expr& call, std::vector<ExprPtr>& into) {
    if (acceptSymbol(")")) return;
    if (acceptKeyword("DISTINCT")) call.distinct = true;
    do {
      if (peekSymbol("*") && (peek(1).text == ")")) {
        into.push_back(make(Expr::Kind::kStar, "*", next().offset));
      } else {
        into.push_back(expression());
      }
    } while (!failed() && acceptSymbol(","));
    expectSymbol(")");
  }

  // INTERVAL '1' DAY, INTERVAL 1 DAY, INTERVAL '1 DAY'.
  ExprPtr interval() {
    size_t offset = next().offset;
    ExprPtr expr = make(Expr::Kind::kInterval, "", offset);
    std::string amount;
    if (peekIs(Token::Kind::kString) || peekIs(Token::Kind::kNumber)) {
      amount = next().text;
    } else {
      fail("expected an amount after INTERVAL");
      return expr;
    }
    std::string unit;
    size_t space = amount.find(' ');
    if (space != std::string::npos) {
      unit = upper(amount.substr(space + 1));
      amount.resize(space);
    } else if (peekIs(Token::Kind::kIdentifier)) {
      unit = upper(next().text);
    } else {
      fail("expected a unit (SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR)");
      return expr;
    }
    if (unit.size() > 1 && unit.back() == 'S') unit.pop_back();
    bool known = false;
    for (const char* u : kIntervalUnits) known = known || unit == u;
    if (!known) {
      error_ = makeError(fmt::format("syntax error at {}: unknown interval unit '{}'",
                                     describePosition(query_, offset), unit));
      return expr;
    }
    expr->text = unit;
    expr->args.push_back(make(Expr::Kind::kNumber, amount, offset));
    return expr;
  }

  std::string_view query_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::optional<Error> error_;
};

}  // namespace

Result<Statement> parseStatement(std::string_view query) {
  auto tokens = tokenize(query);
  if (!tokens.ok()) return tokens.error();
  Parser parser(query, std::move(tokens).value());
  return parser.statement();
}

}  // namespace edged::bindings::analytics_engine::sql
