// Recursive-descent parser for target expressions and class predicates.

#include "expression_node.hpp"
#include "relux/error.hpp"

#include <cctype>
#include <utility>

namespace relux {

using detail::ExprNode;
using detail::NodePtr;
using detail::Op;

namespace {

struct FunctionInfo {
    std::string_view name;
    Op op;
    std::size_t min_args;
    std::size_t max_args;  // 0 = unbounded
};

constexpr FunctionInfo kFunctions[] = {
    {"sin", Op::sin, 1, 1},   {"cos", Op::cos, 1, 1},         {"exp", Op::exp, 1, 1},
    {"log", Op::log, 1, 1},   {"sqrt", Op::sqrt, 1, 1},       {"abs", Op::abs, 1, 1},
    {"tanh", Op::tanh, 1, 1}, {"sigmoid", Op::sigmoid, 1, 1}, {"min", Op::min, 2, 0},
    {"max", Op::max, 2, 0},
};

const FunctionInfo* find_function(std::string_view name) {
    for (const FunctionInfo& f : kFunctions)
        if (f.name == name) return &f;
    return nullptr;
}

NodePtr make_number(Rational v) {
    auto n = std::make_shared<ExprNode>();
    n->op = Op::number;
    n->value = std::move(v);
    return n;
}

/// A node for op(args), folding operations on rational constants into a number.
NodePtr make_node(Op op, std::vector<NodePtr> args) {
    auto n = std::make_shared<ExprNode>();
    n->op = op;
    n->args = std::move(args);
    if (op == Op::pow) n->exponent = detail::constant_value(*n->args[1]);
    bool all_numbers = true;
    for (const NodePtr& a : n->args) all_numbers = all_numbers && a->op == Op::number;
    const bool rational_op = op == Op::neg || op == Op::add || op == Op::sub || op == Op::mul ||
                             op == Op::div || op == Op::pow || op == Op::abs || op == Op::min ||
                             op == Op::max;
    if (all_numbers && rational_op) {
        if (auto v = detail::eval_exact(*n, Vector{})) return make_number(*v);
    }
    if (auto a = detail::affine_of(*n); a && !a->terms.empty()) n->affine = std::move(a);
    return n;
}

struct VariableUse {
    std::size_t index;   // 0-based
    std::size_t column;  // 1-based
    bool plain;          // written as "x"
};

class Parser {
public:
    Parser(std::string_view text, std::size_t dim) : text_(text), dim_(dim) {}

    NodePtr parse_expression_only() {
        skip_space();
        NodePtr e = parse_sum();
        skip_space();
        if (pos_ < text_.size()) {
            if (at_comparison())
                fail("comparison '" + std::string(comparison_text()) +
                         "' is not allowed in a target expression (class targets are predicates)",
                     pos_);
            unexpected("an operator or the end of the expression");
        }
        return e;
    }

    std::vector<std::pair<Comparison::Op, std::pair<NodePtr, NodePtr>>> parse_predicate() {
        std::vector<std::pair<Comparison::Op, std::pair<NodePtr, NodePtr>>> out;
        for (;;) {
            skip_space();
            NodePtr lhs = parse_sum();
            skip_space();
            if (!at_comparison()) unexpected("a comparison (<, <=, >, >=)");
            while (at_comparison()) {
                std::string_view c = comparison_text();
                pos_ += c.size();
                Comparison::Op op = c == "<"    ? Comparison::Op::less
                                    : c == "<=" ? Comparison::Op::less_equal
                                    : c == ">"  ? Comparison::Op::greater
                                                : Comparison::Op::greater_equal;
                skip_space();
                NodePtr rhs = parse_sum();
                out.push_back({op, {lhs, rhs}});
                lhs = rhs;
                skip_space();
            }
            if (pos_ == text_.size()) break;
            if (text_[pos_] != '&') unexpected("'&' or the end of the predicate");
            pos_ += (pos_ + 1 < text_.size() && text_[pos_ + 1] == '&') ? 2 : 1;
        }
        return out;
    }

    /// Check the variables against the dimension (inferring it when 0) and return it.
    std::size_t finish_variables() {
        std::size_t dim = dim_;
        if (dim == 0) {
            dim = 1;
            for (const VariableUse& v : vars_) dim = std::max(dim, v.index + 1);
        }
        for (const VariableUse& v : vars_) {
            const std::string name =
                v.plain ? std::string("x") : std::string("x").append(std::to_string(v.index + 1));
            if (v.plain && dim > 1)
                fail("variable 'x' with a " + std::to_string(dim) +
                         "-dimensional input; name the coordinates x1..x" + std::to_string(dim),
                     v.column - 1);
            if (v.index >= dim)
                fail("unknown variable '" + name + "': the input has " + std::to_string(dim) +
                         (dim == 1 ? " coordinate (x or x1)"
                                   : " coordinates (x1..x" + std::to_string(dim) + ")"),
                     v.column - 1);
        }
        return dim;
    }

private:
    /// "<what> at column <c> in '<text>'<note>" and a caret line under the column.
    [[noreturn]] void fail(const std::string& what, std::size_t pos, const std::string& note = "") const {
        const std::size_t column = pos + 1;
        throw ParseError(what + " at column " + std::to_string(column) + " in '" + std::string(text_) + "'" +
                         note + "\n  " + std::string(text_) + "\n  " + std::string(pos, ' ') + "^");
    }

    [[noreturn]] void unexpected(const std::string& expected) const {
        if (pos_ >= text_.size()) fail("expected " + expected + " but the text ended", pos_);
        fail("unexpected '" + std::string(1, text_[pos_]) + "'; expected " + expected, pos_);
    }

    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }

    bool peek(char c) {
        skip_space();
        return pos_ < text_.size() && text_[pos_] == c;
    }

    bool at_power() {
        skip_space();
        return pos_ < text_.size() && (text_[pos_] == '^' || (text_[pos_] == '*' && pos_ + 1 < text_.size() &&
                                                              text_[pos_ + 1] == '*'));
    }

    bool at_comparison() const { return pos_ < text_.size() && (text_[pos_] == '<' || text_[pos_] == '>'); }

    std::string_view comparison_text() const {
        const bool eq = pos_ + 1 < text_.size() && text_[pos_ + 1] == '=';
        return text_.substr(pos_, eq ? 2 : 1);
    }

    NodePtr parse_sum() {
        NodePtr lhs = parse_product();
        while (peek('+') || peek('-')) {
            Op op = text_[pos_] == '+' ? Op::add : Op::sub;
            ++pos_;
            lhs = make_node(op, {lhs, parse_product()});
        }
        return lhs;
    }

    NodePtr parse_product() {
        NodePtr lhs = parse_unary();
        while ((peek('*') && !at_power()) || peek('/')) {
            Op op = text_[pos_] == '*' ? Op::mul : Op::div;
            ++pos_;
            lhs = make_node(op, {lhs, parse_unary()});
        }
        return lhs;
    }

    NodePtr parse_unary() {
        if (peek('-')) {
            ++pos_;
            return make_node(Op::neg, {parse_unary()});
        }
        if (peek('+')) {
            ++pos_;
            return parse_unary();
        }
        return parse_power();
    }

    NodePtr parse_power() {
        NodePtr base = parse_atom();
        if (at_power()) {
            pos_ += text_[pos_] == '^' ? 1 : 2;
            return make_node(Op::pow, {base, parse_unary()});
        }
        return base;
    }

    NodePtr parse_number() {
        const std::size_t start = pos_;
        auto digits = [&] {
            while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
        };
        digits();
        if (pos_ < text_.size() && text_[pos_] == '.') {
            ++pos_;
            digits();
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            std::size_t p = pos_ + 1;
            if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
            if (p < text_.size() && std::isdigit(static_cast<unsigned char>(text_[p]))) {
                pos_ = p;
                digits();
            }
        }
        std::string_view token = text_.substr(start, pos_ - start);
        if (token == ".") fail("expected digits around '.'", start);
        try {
            return make_number(Rational::parse(token));
        } catch (const ParseError&) {
            fail("invalid number '" + std::string(token) + "'", start);
        }
    }

    NodePtr parse_atom() {
        skip_space();
        if (pos_ >= text_.size()) unexpected("a number, a variable, a function or '('");
        const char c = text_[pos_];
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return parse_number();
        if (c == '(') {
            const std::size_t open = pos_;
            ++pos_;
            NodePtr inner = parse_sum();
            if (!peek(')')) {
                if (pos_ >= text_.size())
                    fail("expected ')'", pos_,
                         " (to close the '(' at column " + std::to_string(open + 1) + ")");
                unexpected("')'");
            }
            ++pos_;
            return inner;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return parse_name();
        unexpected("a number, a variable, a function or '('");
    }

    NodePtr parse_name() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() &&
               (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
            ++pos_;
        const std::string_view name = text_.substr(start, pos_ - start);
        if (name == "pi" || name == "e") {
            auto n = std::make_shared<ExprNode>();
            n->op = name == "pi" ? Op::pi : Op::e;
            return n;
        }
        if (name[0] == 'x') {
            std::string_view rest = name.substr(1);
            bool indexed = !rest.empty();
            for (char d : rest) indexed = indexed && std::isdigit(static_cast<unsigned char>(d));
            if (rest.empty() || indexed) {
                std::size_t index = 0;
                if (indexed) {
                    if (rest.size() > 9 || rest[0] == '0')
                        fail("unknown variable '" + std::string(name) +
                                 "': coordinates are numbered x1, x2, ...",
                             start);
                    index = std::stoul(std::string(rest)) - 1;
                }
                vars_.push_back({index, start + 1, rest.empty()});
                if (dim_ != 0) finish_variables();
                auto n = std::make_shared<ExprNode>();
                n->op = Op::variable;
                n->variable = index;
                n->affine = detail::AffineForm{{{index, Rational(1)}}, Rational(0)};
                return n;
            }
        }
        const FunctionInfo* f = find_function(name);
        if (!f)
            fail("unknown name '" + std::string(name) +
                     "'; expected a variable (x or x1..xd), a constant (pi, e) or a function "
                     "(sin, cos, exp, log, sqrt, abs, tanh, sigmoid, min, max)",
                 start);
        if (!peek('(')) unexpected("'(' after the function name '" + std::string(name) + "'");
        const std::size_t open = pos_;
        ++pos_;
        std::vector<NodePtr> args{parse_sum()};
        while (peek(',')) {
            ++pos_;
            args.push_back(parse_sum());
        }
        if (!peek(')')) {
            if (pos_ >= text_.size())
                fail("expected ')'", pos_, " (to close the '(' at column " + std::to_string(open + 1) + ")");
            unexpected(f->max_args == 1 ? "')'" : "',' or ')'");
        }
        ++pos_;
        if (args.size() < f->min_args || (f->max_args != 0 && args.size() > f->max_args)) {
            std::string want = f->max_args == 1 ? "1 argument" : "at least 2 arguments";
            fail(std::string(name) + " takes " + want + " but got " + std::to_string(args.size()), start);
        }
        return make_node(f->op, std::move(args));
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t dim_ = 0;
    std::vector<VariableUse> vars_;
};

}  // namespace

Expr Expr::parse(std::string_view text, std::size_t dim) {
    Parser p(text, dim);
    NodePtr root = p.parse_expression_only();
    const std::size_t d = p.finish_variables();
    return Expr(std::move(root), std::string(text), d);
}

Predicate Predicate::parse(std::string_view text, std::size_t dim) {
    Parser p(text, dim);
    auto parts = p.parse_predicate();
    const std::size_t d = p.finish_variables();
    Predicate out;
    out.text_ = std::string(text);
    out.dim_ = d;
    for (auto& [op, sides] : parts) {
        NodePtr diff = make_node(Op::sub, {sides.first, sides.second});
        out.comparisons_.push_back(
            Comparison{op, Expr(sides.first, "", d), Expr(sides.second, "", d), Expr(diff, "", d)});
    }
    for (Comparison& c : out.comparisons_) {
        c.lhs.text_ = c.lhs.str();
        c.rhs.text_ = c.rhs.str();
        c.difference.text_ = c.difference.str();
    }
    return out;
}

}  // namespace relux
