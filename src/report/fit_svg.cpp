#include "relux/report/fit_svg.hpp"

#include "relux/certify/pieces1d.hpp"
#include "relux/error.hpp"
#include "relux/report/svg_canvas.hpp"
#include "relux/report/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace relux {

namespace {

/// Text of n * 10^shift without trailing zeros after the point: "0.0308", "-12", "3.1e-07".
std::string scaled_integer_text(const Integer& n, int shift) {
    if (n == 0) return "0";
    std::string digits = (n < 0 ? Integer(-n) : n).str();
    const std::string sign = n < 0 ? "-" : "";
    const int exponent = static_cast<int>(digits.size()) - 1 + shift;  // of the leading digit
    if (exponent < -4 || exponent >= 7) {
        std::string mantissa = digits.substr(0, 1);
        std::string rest = digits.substr(1);
        while (!rest.empty() && rest.back() == '0') rest.pop_back();
        if (!rest.empty()) mantissa += "." + rest;
        return fmt::format("{}{}e{}{:02d}", sign, mantissa, exponent < 0 ? "-" : "+", std::abs(exponent));
    }
    if (shift >= 0) return sign + digits + std::string(static_cast<std::size_t>(shift), '0');
    const auto decimals = static_cast<std::size_t>(-shift);
    if (digits.size() <= decimals) digits.insert(0, decimals - digits.size() + 1, '0');
    std::string whole = digits.substr(0, digits.size() - decimals);
    std::string frac = digits.substr(digits.size() - decimals);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    return sign + whole + (frac.empty() ? "" : "." + frac);
}

/// "= 1/64" for a short exact value, else "\u2208 [0.03081, 0.03082]" rounded outward.
std::string interval_text(const Interval& v) {
    if (v.lower == v.upper && v.lower.str().size() <= 12) return "= " + v.lower.str();
    const std::string lo = v.lower.str().size() <= 10 ? v.lower.str() : outward_decimal(v.lower, 4, false);
    const std::string hi = v.upper.str().size() <= 10 ? v.upper.str() : outward_decimal(v.upper, 4, true);
    return "\u2208 [" + lo + ", " + hi + "]";
}

/// f(x) in double precision for drawing; NaN where the target is undefined or not finite.
double target_at(const Expr& target, double x) {
    const BallEval v = target.eval(std::vector<Ball>{Ball::enclose(Rational::from_double(x), 64)}, 64);
    if (!v.ok() || !v.value.is_finite()) return std::nan("");
    return arf_get_d(arb_midref(v.value.get()), ARF_RND_NEAR);
}

/// The maximal stretches [first, last) of consecutive samples whose values are finite.
std::vector<std::pair<std::size_t, std::size_t>> finite_runs(const std::vector<double>& ys) {
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    for (std::size_t i = 0; i < ys.size();) {
        if (!std::isfinite(ys[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < ys.size() && std::isfinite(ys[j])) ++j;
        runs.emplace_back(i, j);
        i = j;
    }
    return runs;
}

/// A polyline path "Mx y Lx y ..." through the finite points, broken where a value is NaN.
std::string broken_path(const SvgCanvas& svg, const std::vector<double>& xs, const std::vector<double>& ys) {
    std::string d;
    for (const auto& [first, last] : finite_runs(ys))
        for (std::size_t i = first; i < last; ++i)
            d += fmt::format("{}{} {} ", i == first ? "M" : "L", pixel(svg.px(xs[i])), pixel(svg.py(ys[i])));
    return d;
}

/// A legend line sample (stroke, optional dash) followed by its text.
void legend_line(SvgCanvas& svg, double x, double y, const std::string& colour, double width,
                 std::string_view dash, std::string_view label) {
    svg.element(fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}/>)",
                            pixel(x), pixel(y), pixel(x + 28), pixel(y), colour, pixel(width),
                            dash.empty() ? std::string() : fmt::format(R"( stroke-dasharray="{}")", dash)));
    svg.text(x + 36, y + 4, label, 14);
}

/// A y-axis label left of the widest tick label of [lo, hi] (as SvgCanvas::axes draws them).
void y_label(SvgCanvas& svg, double lo, double hi, std::string_view label) {
    const double ph = svg.bottom() - svg.top();
    const auto ticks = nice_ticks(lo, hi, std::max(3, static_cast<int>(ph / 70)));
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : hi - lo;
    std::size_t widest = 1;
    for (double t : ticks) widest = std::max(widest, tick_label(t, step).size());
    const double x = svg.left() - 9 - 7.0 * static_cast<double>(widest) - 14;
    const double y = (svg.top() + svg.bottom()) / 2;
    svg.text(x, y, label, 14, "middle",
             fmt::format(R"x(font-style="italic" transform="rotate(-90 {} {})")x", pixel(x), pixel(y)));
}

/// [lo, hi] padded by 8% (a unit interval around a constant).
std::pair<double, double> padded(double lo, double hi) {
    if (!(lo < hi)) {
        const double c = std::isfinite(lo) ? lo : 0.0;
        const double r = c == 0 ? 1.0 : std::abs(c) * 0.1;
        return {c - r, c + r};
    }
    const double pad = (hi - lo) * 0.08;
    return {lo - pad, hi + pad};
}

}  // namespace

std::string outward_decimal(const Rational& x, int digits, bool up) {
    if (x.is_zero()) return "0";
    const auto [n, shift] = round_significant(x, digits, up ? Rounding::up : Rounding::down);
    return scaled_integer_text(n, static_cast<int>(shift));
}

std::string fit_svg(const Network& net, const Expr& target, const Rational& a, const Rational& b,
                    const FitSvgInfo& info) {
    const std::string name = info.network.empty() ? std::string("the network") : info.network;
    if (net.input_dim != 1)
        throw InvalidArgument(
            "a fit picture needs a network with one input; " + name + " has " +
            std::to_string(net.input_dim) +
            " inputs (use relux regions NET --box B --svg FILE for a 2-D region map, or a 1-D --slice)");
    const bool square = std::any_of(net.layers.begin(), net.layers.end(),
                                    [](const Layer& l) { return l.activation == Activation::square; });
    if (net.output_dim() != 1 || net.output != OutputKind::identity || square)
        throw InvalidArgument("a fit picture needs a CPWL network with one identity output; " + name +
                              " has " + std::to_string(net.output_dim()) + " output(s), output '" +
                              std::string(to_string(net.output)) + "'" + (square ? ", square layers" : ""));
    if (target.dim() != 1)
        throw InvalidArgument("a fit picture needs a target in one variable x; '" + target.text() + "' has " +
                              std::to_string(target.dim()));
    if (!(a < b)) throw InvalidArgument("a fit picture needs a < b, got [" + a.str() + ", " + b.str() + "]");

    const std::vector<Piece1d> pieces = pieces_1d(net, a, b);
    // The network's exact vertices: every breakpoint and both ends.
    std::vector<double> vx, vy;
    for (const Piece1d& p : pieces) {
        vx.push_back(p.lo.to_double());
        vy.push_back(p.value(p.lo).to_double());
    }
    vx.push_back(b.to_double());
    vy.push_back(pieces.back().value(b).to_double());

    // Samples: a uniform grid and every breakpoint, so that |N - f| touches its zeros at nodes.
    const double xa = a.to_double(), xb = b.to_double();
    const std::size_t m = std::max<std::size_t>(info.samples, 2);
    std::vector<double> xs = vx;
    for (std::size_t i = 0; i <= m; ++i)
        xs.push_back(xa + (xb - xa) * static_cast<double>(i) / static_cast<double>(m));
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
    std::vector<double> fs(xs.size()), ns(xs.size()), es(xs.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        while (k + 1 < pieces.size() && xs[i] > vx[k + 1]) ++k;
        const Piece1d& p = pieces[k];
        ns[i] = p.slope[0].to_double() * xs[i] + p.intercept[0].to_double();
        fs[i] = target_at(target, xs[i]);
        es[i] = std::abs(ns[i] - fs[i]);
    }

    double y_lo = HUGE_VAL, y_hi = -HUGE_VAL, e_hi = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        for (double v : {ns[i], fs[i]})
            if (std::isfinite(v)) y_lo = std::min(y_lo, v), y_hi = std::max(y_hi, v);
        if (std::isfinite(es[i])) e_hi = std::max(e_hi, es[i]);
    }
    if (info.sup_error) e_hi = std::max(e_hi, info.sup_error->upper.to_double());
    if (!(e_hi > 0)) e_hi = 1;
    const auto [up_lo, up_hi] = padded(y_lo, y_hi);

    const bool titled = !info.title || !info.title->empty();
    const double left = 84, top = titled ? 76 : 20, pw = 440, ph = 250, gap = 58, eh = 130, legend_w = 250;
    const double lower_top = top + ph + gap;
    SvgCanvas svg(left + pw + legend_w, lower_top + eh + 58, left, top, pw, ph, xa, xb, up_lo, up_hi);
    SvgCanvas err(left + pw + legend_w, lower_top + eh + 58, left, lower_top, pw, eh, xa, xb, 0, e_hi * 1.12);

    if (titled) {
        const std::string f =
            target.text().size() <= 40 ? target.text() : target.text().substr(0, 39) + "\u2026";
        svg.text(left, 30, info.title ? *info.title : "Fit of " + name + " to f(x) = " + f, 17, "start",
                 R"(font-weight="bold")");
        svg.text(
            left, 52,
            fmt::format(
                "x \u2208 [{}, {}]; N: {} linear piece{} (exact breakpoints); f and |N \u2212 f| sampled "
                "for drawing",
                a.str(), b.str(), pieces.size(), pieces.size() == 1 ? "" : "s"),
            13, "start", R"(fill="#444")");
    }

    const std::string net_colour = line_colour(0), target_colour = "#222222", err_colour = line_colour(1);
    // The region between N and f, shaded: forward along N, back along f, per defined stretch.
    std::string band;
    for (const auto& [i, j] : finite_runs(fs)) {
        std::string d;
        for (std::size_t t = i; t < j; ++t)
            d += fmt::format("{}{} {} ", t == i ? "M" : "L", pixel(svg.px(xs[t])), pixel(svg.py(ns[t])));
        for (std::size_t t = j; t-- > i;)
            d += fmt::format("L{} {} ", pixel(svg.px(xs[t])), pixel(svg.py(fs[t])));
        band += d + "Z ";
    }
    svg.element(fmt::format(R"(<path id="error-band" d="{}" fill="{}" fill-opacity="0.22" stroke="none"/>)",
                            band, err_colour));
    std::string points;
    for (std::size_t i = 0; i < vx.size(); ++i)
        points += pixel(svg.px(vx[i])) + "," + pixel(svg.py(vy[i])) + " ";
    points.pop_back();
    svg.element(fmt::format(
        R"(<polyline id="network" points="{}" fill="none" stroke="{}" stroke-width="2.2" stroke-linejoin="round"/>)",
        points, net_colour));
    // The target on top of the network, thinner, so that both stay visible where they agree.
    svg.element(fmt::format(R"(<path id="target" d="{}" fill="none" stroke="{}" stroke-width="1.3"/>)",
                            broken_path(svg, xs, fs), target_colour));
    const bool dots = vx.size() <= 60;
    if (dots) {
        std::string d;
        for (std::size_t i = 1; i + 1 < vx.size(); ++i)
            d += fmt::format(R"(<circle cx="{}" cy="{}" r="3.2" fill="{}"/>)", pixel(svg.px(vx[i])),
                             pixel(svg.py(vy[i])), net_colour);
        svg.element(d);
    }
    svg.axes("", "");
    y_label(svg, up_lo, up_hi, "y");

    // Lower panel: |N - f|.
    std::string area = broken_path(err, xs, es);
    if (!area.empty()) {
        std::string fill;
        for (const auto& [i, j] : finite_runs(es)) {
            fill += fmt::format("M{} {} ", pixel(err.px(xs[i])), pixel(err.py(0)));
            for (std::size_t t = i; t < j; ++t)
                fill += fmt::format("L{} {} ", pixel(err.px(xs[t])), pixel(err.py(es[t])));
            fill += fmt::format("L{} {} Z ", pixel(err.px(xs[j - 1])), pixel(err.py(0)));
        }
        err.element(
            fmt::format(R"(<path d="{}" fill="{}" fill-opacity="0.22" stroke="none"/>)", fill, err_colour));
        err.element(fmt::format(R"(<path id="error" d="{}" fill="none" stroke="{}" stroke-width="1.4"/>)",
                                area, err_colour));
    }
    if (info.sup_error) {
        const double s = info.sup_error->upper.to_double();
        err.element(fmt::format(
            R"(<line id="certified-sup" x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#222" stroke-width="1.3" stroke-dasharray="6 4"/>)",
            pixel(err.left()), pixel(err.py(s)), pixel(err.right())));
        if (info.witness)
            err.element(fmt::format(R"(<circle cx="{}" cy="{}" r="4" fill="#222"/>)",
                                    pixel(err.px(info.witness->to_double())),
                                    pixel(err.py(info.sup_error->lower.to_double()))));
    }
    err.axes("x", "");
    y_label(err, 0, e_hi * 1.12, "|N(x) \u2212 f(x)|");
    svg.element(err.body());

    // Legend, right of the plots.
    const double lx = svg.right() + 24;
    double ly = top + 12;
    legend_line(svg, lx, ly, net_colour, 2.2, "",
                fmt::format("network N ({} piece{})", pieces.size(), pieces.size() == 1 ? "" : "s"));
    ly += 24;
    const std::string ftext =
        target.text().size() <= 14 ? "target f(x) = " + target.text() : std::string("target f");
    legend_line(svg, lx, ly, target_colour, 1.3, "", ftext);
    ly += 24;
    svg.element(fmt::format(
        R"(<rect x="{}" y="{}" width="28" height="12" fill="{}" fill-opacity="0.22" stroke="none"/>)",
        pixel(lx), pixel(ly - 6), err_colour));
    svg.text(lx + 36, ly + 4, "error |N \u2212 f|", 14);
    if (dots) {
        ly += 24;
        svg.element(fmt::format(R"(<circle cx="{}" cy="{}" r="3.2" fill="{}"/>)", pixel(lx + 14), pixel(ly),
                                net_colour));
        svg.text(lx + 36, ly + 4, "breakpoint (exact)", 14);
    }
    if (info.sup_error) {
        ly = lower_top + 12;
        legend_line(svg, lx, ly, "#222", 1.3, "6 4", "certified sup |N \u2212 f|");
        svg.text(lx + 36, ly + 22, interval_text(*info.sup_error), 14);
        if (info.witness) {
            ly += 46;
            svg.element(
                fmt::format(R"(<circle cx="{}" cy="{}" r="4" fill="#222"/>)", pixel(lx + 14), pixel(ly)));
            const std::string w = info.witness->str();
            svg.text(lx + 36, ly + 4,
                     "witness x " + (w.size() <= 12
                                         ? "= " + w
                                         : "\u2248 " + fmt::format("{:.6g}", info.witness->to_double())),
                     14);
        }
    }
    return svg.str();
}

}  // namespace relux
