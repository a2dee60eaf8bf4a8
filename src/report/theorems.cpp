// Theorem reports as an aligned text table and as JSON (the checks live in theorem_*.cpp).

#include "relux/report/theorems.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <sstream>

namespace relux {

namespace {

/// "2^L = 1024", "" for info rows.
std::string formula_cell(const TheoremCheck& c) {
    if (c.relation == TheoremRelation::info) return "-";
    if (c.formula.empty() || c.formula == c.expected) return c.expected;
    return c.formula + " = " + c.expected;
}

/// "yes", "no", "yes (>=)", "-" for info rows.
std::string agrees_cell(const TheoremCheck& c) {
    switch (c.relation) {
        case TheoremRelation::info: return "-";
        case TheoremRelation::equal: return c.agrees ? "yes" : "no";
        case TheoremRelation::at_least: return std::string(c.agrees ? "yes" : "no") + " (relux >= formula)";
        case TheoremRelation::at_most: return std::string(c.agrees ? "yes" : "no") + " (relux <= formula)";
        case TheoremRelation::contains:
            return std::string(c.agrees ? "yes" : "no") + " (formula in relux's interval)";
    }
    return "";
}

std::string_view relation_name(TheoremRelation r) {
    switch (r) {
        case TheoremRelation::equal: return "equal";
        case TheoremRelation::at_least: return "at_least";
        case TheoremRelation::at_most: return "at_most";
        case TheoremRelation::info: return "info";
        case TheoremRelation::contains: return "contains";
    }
    return "";
}

}  // namespace

bool TheoremReport::all_agree() const {
    return std::all_of(checks.begin(), checks.end(), [](const TheoremCheck& c) { return c.agrees; });
}

std::string theorem_text(const TheoremReport& report) {
    std::ostringstream out;
    out << "theorem " << report.name;
    for (const auto& [key, value] : report.parameters) out << "  " << key << " = " << value;
    out << "\n" << report.statement << "\n\n";
    std::vector<std::array<std::string, 4>> rows{{"quantity", "formula", "relux (exact)", "agrees"}};
    for (const TheoremCheck& c : report.checks)
        rows.push_back({c.quantity, formula_cell(c), c.value, agrees_cell(c)});
    std::array<std::size_t, 4> width{};
    for (const auto& row : rows)
        for (std::size_t i = 0; i < 4; ++i) width[i] = std::max(width[i], row[i].size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t i = 0; i < 4; ++i) {
            out << rows[r][i];
            if (i + 1 < 4) out << std::string(width[i] - rows[r][i].size(), ' ') << " | ";
        }
        out << "\n";
        if (r == 0) {
            for (std::size_t i = 0; i < 4; ++i) out << std::string(width[i], '-') << (i + 1 < 4 ? "-|-" : "");
            out << "\n";
        }
    }
    for (const std::string& note : report.notes) out << "note: " << note << "\n";
    out << (report.all_agree() ? "all checks agree\n" : "SOME CHECKS DISAGREE\n");
    return out.str();
}

std::string theorem_json(const TheoremReport& report) {
    nlohmann::ordered_json j;
    j["theorem"] = report.name;
    j["statement"] = report.statement;
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (const auto& [key, value] : report.parameters) params[key] = value;
    j["parameters"] = params;
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const TheoremCheck& c : report.checks) {
        nlohmann::ordered_json row;
        row["quantity"] = c.quantity;
        if (c.relation != TheoremRelation::info) {
            row["formula"] = c.formula;
            row["expected"] = c.expected;
        }
        row["value"] = c.value;
        row["relation"] = relation_name(c.relation);
        row["agrees"] = c.agrees;
        checks.push_back(row);
    }
    j["checks"] = checks;
    j["agrees"] = report.all_agree();
    j["notes"] = report.notes;
    return j.dump(2) + "\n";
}

}  // namespace relux
