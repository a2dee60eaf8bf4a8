#include "relux/report/regions_svg.hpp"

#include "relux/error.hpp"
#include "relux/report/svg_canvas.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace relux {

namespace {

/// "net.json: 5 activation regions, 3 linear regions".
std::string title_text(const RegionResult& result, const RegionReportInfo& info) {
    std::string t = info.network.empty() ? std::string("Regions") : info.network;
    t += ": " + std::to_string(result.regions.size()) + " activation region" +
         (result.regions.size() == 1 ? "" : "s");
    if (info.linear)
        t += ", " + std::to_string(result.linear_regions) + " linear region" +
             (result.linear_regions == 1 ? "" : "s");
    return t;
}

/// "x1 ∈ [-1, 1], x2 ∈ [0, 1/2]" and, on a slice, what t parametrises.
std::string domain_text(const RegionReportInfo& info) {
    std::string s;
    for (std::size_t i = 0; i < info.box.dim(); ++i) {
        if (i) s += ", ";
        s += fmt::format("{}{} \u2208 [{}, {}]", info.variable(), i + 1, info.box.lo[i].str(),
                         info.box.hi[i].str());
    }
    if (info.slice)
        s += fmt::format("  (slice x = x0 + {} of {} inputs)",
                         info.slice->dim() == 1 ? "t1 d1" : "t1 d1 + t2 d2", info.slice->input_dim());
    return s;
}

/// Exact text when short, else a clearly marked approximation (display only).
std::string short_number(const Rational& x) {
    const std::string s = x.str();
    return s.size() <= 10 ? s : "\u2248 " + fmt::format("{:.4g}", x.to_double());
}

/// A red "PARTIAL: reason" line when a limit stopped the run.
void partial_banner(SvgCanvas& svg, const RegionResult& result, double x, double y) {
    if (result.partial)
        svg.text(x, y, "PARTIAL: " + result.stop_reason, 14, "start", R"(fill="#c00000" font-weight="bold")");
}

/// Output i of the two maps is the same affine function (exact).
bool same_row(const AffineMap& a, const AffineMap& b, std::size_t i) {
    for (std::size_t j = 0; j < a.A.cols(); ++j)
        if (a.A(i, j) != b.A(i, j)) return false;
    return a.b[i] == b.b[i];
}

/// The graph of each output over a 1-D box.
std::string svg_1d(const RegionResult& result, const RegionReportInfo& info) {
    std::vector<const Region*> regions;
    for (const Region& r : result.regions)
        if (r.vertices.size() == 2) regions.push_back(&r);
    auto lo_of = [](const Region* r) { return min(r->vertices[0][0], r->vertices[1][0]); };
    auto hi_of = [](const Region* r) { return max(r->vertices[0][0], r->vertices[1][0]); };
    std::sort(regions.begin(), regions.end(),
              [&](const Region* a, const Region* b) { return lo_of(a) < lo_of(b); });
    const std::size_t outputs = regions.empty() ? 0 : regions.front()->affine.A.rows();
    double y_lo = HUGE_VAL, y_hi = -HUGE_VAL;
    for (const Region* r : regions)
        for (const Rational& x : {lo_of(r), hi_of(r)})
            for (const Rational& y : r->affine.apply({x})) {
                y_lo = std::min(y_lo, y.to_double());
                y_hi = std::max(y_hi, y.to_double());
            }
    if (!(y_lo < y_hi)) {
        const double c = std::isfinite(y_lo) ? y_lo : 0.0;
        y_lo = c - 1;
        y_hi = c + 1;
    }
    const double pad = (y_hi - y_lo) * 0.08;
    const double left = 90, top = 70, pw = 560, ph = 360;
    SvgCanvas svg(left + pw + 230, top + ph + 80, left, top, pw, ph, info.box.lo[0].to_double(),
                  info.box.hi[0].to_double(), y_lo - pad, y_hi + pad);
    svg.text(left, 30, title_text(result, info), 17, "start", R"(font-weight="bold")");
    svg.text(left, 50, domain_text(info), 13, "start", R"(fill="#444")");

    // Breakpoints: where consecutive regions meet and some output's map changes.
    std::string grid, dots;
    std::vector<Rational> kinks;
    bool pattern_only = false;  // a hollow dot is drawn: an output's map does not change there
    for (std::size_t k = 0; k + 1 < regions.size(); ++k) {
        const Region& a = *regions[k];
        const Region& b = *regions[k + 1];
        const Rational p = hi_of(&a);
        if (p != lo_of(&b)) continue;
        bool any_kink = false;
        const Vector ya = a.affine.apply({p});
        for (std::size_t i = 0; i < outputs; ++i) {
            const bool kink = !same_row(a.affine, b.affine, i);
            any_kink = any_kink || kink;
            pattern_only = pattern_only || !kink;
            dots += fmt::format(R"(<circle cx="{}" cy="{}" r="4" fill="{}" stroke="{}" stroke-width="1.5"/>)",
                                pixel(svg.px(p.to_double())), pixel(svg.py(ya[i].to_double())),
                                kink ? line_colour(i) : "white", line_colour(i)) +
                    "\n";
        }
        if (any_kink) {
            grid += fmt::format(
                        R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#bbb" stroke-dasharray="4 3"/>)",
                        pixel(svg.px(p.to_double())), pixel(svg.top()), pixel(svg.bottom())) +
                    "\n";
            kinks.push_back(p);
        }
    }
    svg.element(grid);
    // Exact breakpoint positions along the top edge, when they fit.
    if (kinks.size() <= 12)
        for (const Rational& p : kinks) {
            const std::string label = p.str();
            if (label.size() <= 8)
                svg.text(svg.px(p.to_double()), svg.top() - 5, label, 11, "middle", R"(fill="#666")");
        }
    for (std::size_t i = 0; i < outputs; ++i) {
        std::string path;
        for (const Region* r : regions) {
            const Rational a = lo_of(r), b = hi_of(r);
            path +=
                fmt::format("M{} {} L{} {} ", pixel(svg.px(a.to_double())),
                            pixel(svg.py(r->affine.apply({a})[i].to_double())), pixel(svg.px(b.to_double())),
                            pixel(svg.py(r->affine.apply({b})[i].to_double())));
        }
        svg.element(
            fmt::format(R"(<path d="{}" fill="none" stroke="{}" stroke-width="2.2" stroke-linecap="round"/>)",
                        path, line_colour(i)));
    }
    svg.element(dots);
    const std::string var = std::string(info.variable()) + "1";
    svg.axes(var, outputs == 1 ? "y = f(" + var + ")" : "outputs");

    // Legend.
    double ly = top + 10;
    const double lx = svg.right() + 30;
    for (std::size_t i = 0; i < outputs && i < 10; ++i, ly += 22) {
        svg.element(fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.2"/>)",
                                pixel(lx), pixel(ly), pixel(lx + 26), pixel(ly), line_colour(i)));
        svg.text(lx + 34, ly + 4, outputs == 1 ? std::string("y") : fmt::format("y{}", i + 1), 13);
    }
    ly += 8;
    svg.element(fmt::format(R"(<circle cx="{}" cy="{}" r="4" fill="#333" stroke="#333" stroke-width="1.5"/>)",
                            pixel(lx + 13), pixel(ly)));
    svg.text(lx + 34, ly + 4, "breakpoint", 13);
    if (pattern_only) {
        ly += 22;
        svg.element(
            fmt::format(R"(<circle cx="{}" cy="{}" r="4" fill="white" stroke="#333" stroke-width="1.5"/>)",
                        pixel(lx + 13), pixel(ly)));
        svg.text(lx + 34, ly + 4, "pattern change only", 13);
    }
    ly += 34;
    svg.text(lx, ly, std::to_string(result.regions.size()) + " activation regions", 13);
    if (info.linear) svg.text(lx, ly + 20, std::to_string(result.linear_regions) + " linear regions", 13);
    partial_banner(svg, result, left, svg.bottom() + 70);
    return svg.str();
}

/// Polygon vertices in angular order around their centroid (drawing only).
std::vector<std::pair<double, double>> polygon(const Region& r) {
    std::vector<std::pair<double, double>> p;
    double cx = 0, cy = 0;
    for (const Vector& v : r.vertices) {
        p.emplace_back(v[0].to_double(), v[1].to_double());
        cx += p.back().first;
        cy += p.back().second;
    }
    cx /= static_cast<double>(p.size());
    cy /= static_cast<double>(p.size());
    std::sort(p.begin(), p.end(), [&](const auto& a, const auto& b) {
        return std::atan2(a.second - cy, a.first - cx) < std::atan2(b.second - cy, b.first - cx);
    });
    return p;
}

/// The pieces of cell edges where two different linear regions meet, as pixel-free data
/// segments (x0, y0, x1, y1). Edges are matched exactly by their supporting line; only the
/// overlap positions along a line use doubles (drawing only).
std::vector<std::array<double, 4>> linear_boundaries(const RegionResult& result) {
    struct Piece {
        double lo, hi;               // positions along the line
        std::array<double, 4> ends;  // the edge's endpoints (at lo, at hi)
        std::size_t linear;
    };
    std::map<std::array<Rational, 3>, std::vector<Piece>> lines;
    for (const Region& r : result.regions) {
        for (const Halfspace& h : r.facets) {
            if (h.source.kind != FacetSource::Kind::neuron || h.normal.size() != 2) continue;
            std::vector<const Vector*> on;
            for (const Vector& v : r.vertices)
                if ((h.normal[0] * v[0] + h.normal[1] * v[1] + h.offset).is_zero()) on.push_back(&v);
            if (on.size() != 2) continue;
            // The line n.x + c = 0 scaled so that its first nonzero normal entry is 1.
            const Rational& lead = h.normal[0].is_zero() ? h.normal[1] : h.normal[0];
            const std::array<Rational, 3> key{h.normal[0] / lead, h.normal[1] / lead, h.offset / lead};
            const double dx = -key[1].to_double(), dy = key[0].to_double();
            double s0 = dx * (*on[0])[0].to_double() + dy * (*on[0])[1].to_double();
            double s1 = dx * (*on[1])[0].to_double() + dy * (*on[1])[1].to_double();
            std::array<double, 4> ends{(*on[0])[0].to_double(), (*on[0])[1].to_double(),
                                       (*on[1])[0].to_double(), (*on[1])[1].to_double()};
            if (s1 < s0) {
                std::swap(s0, s1);
                ends = {ends[2], ends[3], ends[0], ends[1]};
            }
            lines[key].push_back({s0, s1, ends, r.linear_region});
        }
    }
    std::vector<std::array<double, 4>> out;
    for (auto& [key, pieces] : lines) {
        std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) { return a.lo < b.lo; });
        for (std::size_t i = 0; i < pieces.size(); ++i)
            for (std::size_t j = i + 1; j < pieces.size() && pieces[j].lo < pieces[i].hi; ++j) {
                const Piece& a = pieces[i];
                const Piece& b = pieces[j];
                if (a.linear == b.linear) continue;
                const double lo = std::max(a.lo, b.lo), hi = std::min(a.hi, b.hi);
                if (!(hi > lo)) continue;
                auto at = [&](double s) {
                    const double f = (s - a.lo) / (a.hi - a.lo);
                    return std::array<double, 2>{a.ends[0] + f * (a.ends[2] - a.ends[0]),
                                                 a.ends[1] + f * (a.ends[3] - a.ends[1])};
                };
                const auto p = at(lo), q = at(hi);
                out.push_back({p[0], p[1], q[0], q[1]});
            }
    }
    return out;
}

/// The cells of a 2-D box, filled by linear (or activation) region, with a legend.
std::string svg_2d(const RegionResult& result, const RegionReportInfo& info) {
    const double x_lo = info.box.lo[0].to_double(), x_hi = info.box.hi[0].to_double();
    const double y_lo = info.box.lo[1].to_double(), y_hi = info.box.hi[1].to_double();
    const double aspect = std::clamp((x_hi - x_lo) / (y_hi - y_lo), 0.25, 4.0);
    const double side = 520;
    const double pw = aspect >= 1 ? side : side * aspect, ph = aspect >= 1 ? side / aspect : side;
    const double left = 90, top = 70;
    SvgCanvas svg(left + pw + 300, std::max(top + ph + 80, 420.0), left, top, pw, ph, x_lo, x_hi, y_lo, y_hi);
    svg.text(left, 30, title_text(result, info), 17, "start", R"(font-weight="bold")");
    svg.text(left, 50, domain_text(info), 13, "start", R"(fill="#444")");

    const double stroke = result.regions.size() > 3000 ? 0.2 : (result.regions.size() > 300 ? 0.4 : 0.7);
    for (std::size_t k = 0; k < result.regions.size(); ++k) {
        const Region& r = result.regions[k];
        if (r.vertices.size() < 3) continue;
        std::string pts;
        for (const auto& [x, y] : polygon(r)) pts += pixel(svg.px(x)) + "," + pixel(svg.py(y)) + " ";
        pts.pop_back();
        svg.element(fmt::format(
            R"(<polygon points="{}" fill="{}" stroke="{}" stroke-width="{}" stroke-linejoin="round"/>)", pts,
            fill_colour(info.linear ? r.linear_region : k), info.linear ? "#666" : "#333", pixel(stroke)));
    }
    // Region numbers (as in the text, JSON and CSV output) on cells big enough to hold them.
    if (result.regions.size() <= 100) {
        const double px_per_unit = pw / (x_hi - x_lo) * ph / (y_hi - y_lo);
        for (std::size_t k = 0; k < result.regions.size(); ++k) {
            const Region& r = result.regions[k];
            if (r.vertices.size() < 3 || r.volume.to_double() * px_per_unit < 500) continue;
            double cx = 0, cy = 0;
            for (const auto& [x, y] : polygon(r)) cx += x, cy += y;
            cx /= static_cast<double>(r.vertices.size());
            cy /= static_cast<double>(r.vertices.size());
            svg.text(svg.px(cx), svg.py(cy) + 4, std::to_string(k), 11, "middle", R"(fill="#222")");
        }
    }
    // Linear regions outlined more strongly than the activation regions inside them.
    if (info.linear && result.regions.size() <= 20000) {
        std::string path;
        for (const auto& e : linear_boundaries(result))
            path += fmt::format("M{} {} L{} {} ", pixel(svg.px(e[0])), pixel(svg.py(e[1])),
                                pixel(svg.px(e[2])), pixel(svg.py(e[3])));
        if (!path.empty())
            svg.element(fmt::format(
                R"(<path d="{}" fill="none" stroke="#111" stroke-width="{}" stroke-linecap="round"/>)", path,
                pixel(std::max(1.0, 2.5 * stroke))));
    }
    svg.axes(std::string(info.variable()) + "1", std::string(info.variable()) + "2");

    // Legend: counts, then the largest linear regions with their colours.
    const double lx = svg.right() + 30;
    double ly = top + 14;
    svg.text(lx, ly, std::to_string(result.regions.size()) + " activation regions", 14);
    ly += 20;
    if (info.linear) {
        svg.text(lx, ly, std::to_string(result.linear_regions) + " linear regions", 14);
        ly += 20;
    }
    svg.text(lx, ly, "area " + short_number(result.volume) + (result.partial ? " (partial)" : ""), 14);
    ly += 30;
    if (!info.linear) {
        svg.text(lx, ly, "colours: activation regions", 12, "start", R"(fill="#444")");
        svg.text(lx, ly + 16, "(--linear colours linear regions)", 12, "start", R"(fill="#444")");
    } else {
        std::map<std::size_t, std::pair<std::size_t, Rational>> groups;  // id -> (cells, area)
        for (const Region& r : result.regions) {
            auto& g = groups[r.linear_region];
            ++g.first;
            g.second += r.volume;
        }
        std::vector<std::pair<std::size_t, std::pair<std::size_t, Rational>>> order(groups.begin(),
                                                                                    groups.end());
        std::stable_sort(order.begin(), order.end(),
                         [](const auto& a, const auto& b) { return a.second.second > b.second.second; });
        svg.text(lx, ly, "largest linear regions (L = id)", 12, "start", R"(fill="#444")");
        ly += 12;
        const std::size_t shown = std::min<std::size_t>(order.size(), 12);
        for (std::size_t k = 0; k < shown; ++k, ly += 21) {
            const auto& [id, g] = order[k];
            svg.element(fmt::format(
                R"(<rect x="{}" y="{}" width="16" height="14" fill="{}" stroke="#333" stroke-width="0.7"/>)",
                pixel(lx), pixel(ly), fill_colour(id)));
            svg.text(lx + 24, ly + 12,
                     fmt::format("L{}: {} {}, area {}", id, g.first, g.first == 1 ? "cell" : "cells",
                                 short_number(g.second)),
                     12);
        }
        if (order.size() > shown) {
            svg.text(lx, ly + 12, "+ " + std::to_string(order.size() - shown) + " more", 12);
            ly += 21;
        }
        ly += 18;
        svg.element(
            fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#111" stroke-width="2"/>)",
                        pixel(lx), pixel(ly), pixel(lx + 16)));
        svg.text(lx + 24, ly + 4, "boundary between linear regions", 12);
        ly += 18;
        svg.element(
            fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#666" stroke-width="0.7"/>)",
                        pixel(lx), pixel(ly), pixel(lx + 16)));
        svg.text(lx + 24, ly + 4, "activation region boundary", 12);
    }
    partial_banner(svg, result, left, svg.bottom() + 70);
    return svg.str();
}

}  // namespace

std::string regions_svg(const RegionResult& result, const RegionReportInfo& info) {
    if (info.box.dim() == 1) return svg_1d(result, info);
    if (info.box.dim() == 2) return svg_2d(result, info);
    throw InvalidArgument("an SVG picture needs a 1-D or 2-D box, got " + std::to_string(info.box.dim()) +
                          " dimensions; use --slice to look at a 1-D or 2-D slice of the input");
}

}  // namespace relux
