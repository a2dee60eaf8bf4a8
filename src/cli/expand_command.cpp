// `relux expand NET [--json]`: the exact polynomial of each output of a square/identity network.

#include "cli_util.hpp"
#include "commands.hpp"

#include "relux/cpwl/polynomial_network.hpp"
#include "relux/net/json_io.hpp"

#include <iostream>
#include <memory>
#include <string>

namespace relux::cli {

namespace {

struct ExpandOptions {
    std::string network;
    bool json = false;
};

Json polynomial_json(const MultiPolynomial& p) {
    Json terms = Json::array();
    for (const auto& [m, c] : p.terms) {
        Json e = Json::array();
        for (unsigned k : m) e.push_back(k);
        terms.push_back(Json{{"exponents", e}, {"coefficient", c.str()}});
    }
    return Json{{"degree", p.degree()},
                {"terms", p.terms.size()},
                {"polynomial", polynomial_text(p)},
                {"coefficients", terms}};
}

void run_expand(const ExpandOptions& o) {
    const Network net = load_network(o.network);
    const std::vector<MultiPolynomial> polys = expand_polynomial(net);
    if (o.json) {
        Json j = Json::object();
        j["input_dim"] = net.input_dim;
        j["outputs"] = Json::array();
        for (const MultiPolynomial& p : polys) j["outputs"].push_back(polynomial_json(p));
        std::cout << pretty_json(j);
        return;
    }
    for (std::size_t i = 0; i < polys.size(); ++i) {
        const MultiPolynomial& p = polys[i];
        std::cout << "output " << i + 1 << ": degree " << p.degree() << ", " << p.terms.size()
                  << (p.terms.size() == 1 ? " term" : " terms") << "\n  f" << i + 1 << " = "
                  << polynomial_text(p) << "\n";
    }
}

}  // namespace

void add_expand_command(CLI::App& app) {
    auto options = std::make_shared<ExpandOptions>();
    CLI::App* cmd = app.add_subcommand(
        "expand", "Exact polynomial of a network with square and identity layers (residual allowed)");
    cmd->add_option("NET", options->network,
                    "Network file: relux JSON, or NNet when it ends in .nnet; - for stdin")
        ->type_name("FILE")
        ->required();
    cmd->add_flag("--json", options->json,
                  "Print JSON: per output degree, terms, polynomial text and coefficients "
                  "[{\"exponents\": [...], \"coefficient\": \"p/q\"}]");
    cmd->footer(
        "Each layer computes activation(W x + b) (+ x when residual) with activation square (x^2) or\n"
        "identity; relu, leaky_relu and softmax are not polynomial and are rejected. The variables\n"
        "are x1..xd (x for one input); coefficients are exact rationals.");
    cmd->callback([options] { run_expand(*options); });
}

}  // namespace relux::cli
