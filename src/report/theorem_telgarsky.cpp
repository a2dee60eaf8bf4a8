// Telgarsky's sawtooth: 2^L linear regions from L layers of two neurons, against the neurons a
// network with one hidden layer needs for the same function.

#include "relux/certify/distance_nd.hpp"
#include "relux/certify/pieces1d.hpp"
#include "relux/cpwl/compose.hpp"
#include "relux/cpwl/cpwl1d.hpp"
#include "relux/error.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/report/theorems.hpp"

#include "theorem_rows.hpp"

#include <string>

namespace relux {

Network sawtooth_network(std::size_t depth) {
    if (depth == 0) throw InvalidArgument("telgarsky: --depth must be at least 1");
    const Rational half(Integer(1), Integer(2));
    Network net;
    net.input_dim = 1;
    // Hidden layer l computes relu(u) and relu(u - 1/2) of u = g_{l-1}(x) (g_0 = x), and
    // g_l = 2 relu(u) - 4 relu(u - 1/2) is the tent map of u.
    net.layers.push_back(detail::make_layer({{1}, {1}}, {0, -half}, Activation::relu));
    for (std::size_t l = 1; l < depth; ++l)
        net.layers.push_back(detail::make_layer({{2, -4}, {2, -4}}, {0, -half}, Activation::relu));
    net.layers.push_back(detail::make_layer({{2, -4}}, {0}, Activation::identity));
    net.validate();
    return net;
}

TheoremReport telgarsky_check(std::size_t depth) {
    if (depth == 0 || depth > 12)
        throw InvalidArgument(
            "telgarsky: --depth must be between 1 and 12 (2^L regions are enumerated exactly)");
    TheoremReport report;
    report.name = "telgarsky";
    report.statement =
        "The depth-L sawtooth (tent map composed L times, 2 neurons per layer) has 2^L linear regions on [0, "
        "1]; "
        "one hidden layer needs at least 2^L - 1 neurons for it.";
    report.parameters = {{"depth", std::to_string(depth)}};
    const auto l = static_cast<long>(depth);
    const Network saw = sawtooth_network(depth);
    const Box unit{{Rational(0)}, {Rational(1)}};

    RegionOptions options;
    options.linear = true;
    const RegionResult regions = enumerate_regions(saw, unit, options);
    const Rational pieces = detail::power_of_two(l);
    report.checks.push_back(
        detail::compare_row("linear regions on [0, 1] (enumerated)", "2^L", pieces,
                            Rational(static_cast<unsigned long>(regions.linear_regions))));
    report.checks.push_back(
        detail::info_row("activation regions on [0, 1]", std::to_string(regions.regions.size())));
    const NetworkSize deep = network_size(saw);
    report.checks.push_back(detail::compare_row("sawtooth relu neurons", "2L", Rational(2 * l),
                                                Rational(static_cast<unsigned long>(deep.neurons))));

    // The shallow side: the interpolant through the sawtooth's breakpoints, built minimally.
    const std::vector<Piece1d> exact_pieces = pieces_1d(saw, 0, 1);
    Vector xs, ys;
    for (const Piece1d& p : exact_pieces) {
        xs.push_back(p.lo);
        ys.push_back(p.value(p.lo));
    }
    xs.push_back(exact_pieces.back().hi);
    ys.push_back(exact_pieces.back().value(exact_pieces.back().hi));
    const Cpwl1dConstruction shallow = construct_cpwl1d_detailed(Cpwl1d(xs, ys), Cpwl1dForm::minimal);
    report.checks.push_back(detail::compare_row(
        "one-hidden-layer neurons (relux minimal form)", "2^L - 1", pieces - Rational(1),
        Rational(static_cast<unsigned long>(shallow.neurons)), TheoremRelation::at_least));
    report.checks.push_back(detail::info_row(
        "proven minimum on R (relux)",
        std::to_string(shallow.lower_bound) + (shallow.proven_minimal ? " (attained)" : " (not attained)")));

    const EqualResult same = equal_networks(saw, shallow.net, unit);
    report.checks.push_back(detail::text_row("sawtooth == one-hidden-layer network on [0, 1]", "", "equal",
                                             same.partial ? "undecided"
                                             : same.equal ? "equal"
                                                          : "differ"));
    report.notes.push_back(
        "The one-hidden-layer network equals the sawtooth's linear extension on all of R; without a skip "
        "connection the linear part costs neurons too, so its count can exceed the 2^L - 1 lower bound.");
    return report;
}

}  // namespace relux
