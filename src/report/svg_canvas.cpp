#include "relux/report/svg_canvas.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace relux {

std::vector<double> nice_ticks(double lo, double hi, int target) {
    std::vector<double> ticks;
    if (!(hi > lo) || target < 1) return ticks;
    const double raw = (hi - lo) / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        step = m * mag;
        if (step >= raw) break;
    }
    // A step just above `raw` can leave a single tick (range -4.3..4.3 with step 5): take the
    // next smaller 1-2-5 step until at least two ticks (and half the target) fit.
    const double min_count = std::max(2.0, std::floor(target / 2.0));
    for (int tries = 0; tries < 3; ++tries) {
        if (std::floor(hi / step + 1e-9) - std::ceil(lo / step - 1e-9) + 1 >= min_count) break;
        const double lead = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
        step *= lead < 3 ? 0.5 : 0.4;  // 1 -> 0.5, 2 -> 1, 5 -> 2
    }
    const double eps = step * 1e-9;
    for (double k = std::ceil((lo - eps) / step); k * step <= hi + eps; k += 1)
        ticks.push_back(k == 0 ? 0.0 : k * step);
    return ticks;
}

std::string tick_label(double value, double step) {
    const double a = std::abs(value);
    if (a != 0 && (a >= 1e6 || a < 1e-4)) return fmt::format("{:.3g}", value);
    const int decimals = step > 0 ? std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9))) : 0;
    return fmt::format("{:.{}f}", value, std::min(decimals, 8));
}

std::string xml_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {

/// "#rrggbb" of the colour with hue h in degrees, saturation s and lightness l in [0, 1].
std::string hsl_to_hex(double h, double s, double l) {
    const double c = (1 - std::abs(2 * l - 1)) * s;
    const double hp = h / 60.0;
    const double x = c * (1 - std::abs(std::fmod(hp, 2.0) - 1));
    double r = 0, g = 0, b = 0;
    if (hp < 1) r = c, g = x;
    else if (hp < 2) r = x, g = c;
    else if (hp < 3) g = c, b = x;
    else if (hp < 4) g = x, b = c;
    else if (hp < 5) r = x, b = c;
    else r = c, b = x;
    const double m = l - c / 2;
    auto byte = [&](double v) { return static_cast<int>(std::lround(std::clamp(v + m, 0.0, 1.0) * 255)); };
    return fmt::format("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b));
}

}  // namespace

std::string fill_colour(std::size_t k) {
    // ColorBrewer Set3: soft, distinct, readable under dark outlines.
    static const char* const set3[] = {"#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
                                       "#b3de69", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"};
    if (k < 12) return set3[k];
    return hsl_to_hex(std::fmod(static_cast<double>(k) * 137.50776405, 360.0), 0.55 + 0.2 * ((k / 7) % 2),
                      0.70 + 0.08 * ((k / 3) % 2));
}

std::string line_colour(std::size_t k) {
    static const char* const tab[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                      "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    return tab[k % 10];
}

std::string pixel(double v) {
    std::string s = fmt::format("{:.2f}", v);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

SvgCanvas::SvgCanvas(double width, double height, double left, double top, double plot_width,
                     double plot_height, double x_lo, double x_hi, double y_lo, double y_hi)
    : width_(width),
      height_(height),
      left_(left),
      top_(top),
      plot_width_(plot_width),
      plot_height_(plot_height),
      x_lo_(x_lo),
      x_hi_(x_hi),
      y_lo_(y_lo),
      y_hi_(y_hi) {}

double SvgCanvas::px(double x) const { return left_ + (x - x_lo_) / (x_hi_ - x_lo_) * plot_width_; }

double SvgCanvas::py(double y) const {
    return top_ + plot_height_ - (y - y_lo_) / (y_hi_ - y_lo_) * plot_height_;
}

void SvgCanvas::axes(std::string_view x_label, std::string_view y_label) {
    body_ += fmt::format(
        R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#222" stroke-width="1.2"/>)",
        pixel(left_), pixel(top_), pixel(plot_width_), pixel(plot_height_));
    body_ += "\n";
    const auto xt = nice_ticks(x_lo_, x_hi_, std::max(3, static_cast<int>(plot_width_ / 90)));
    const double xstep = xt.size() > 1 ? xt[1] - xt[0] : x_hi_ - x_lo_;
    for (double t : xt) {
        const double x = px(t);
        body_ += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#222" stroke-width="1"/>)",
                             pixel(x), pixel(bottom()), pixel(bottom() + 6));
        body_ += "\n";
        text(x, bottom() + 21, tick_label(t, xstep), 12, "middle");
    }
    const auto yt = nice_ticks(y_lo_, y_hi_, std::max(3, static_cast<int>(plot_height_ / 70)));
    const double ystep = yt.size() > 1 ? yt[1] - yt[0] : y_hi_ - y_lo_;
    for (double t : yt) {
        const double y = py(t);
        body_ += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#222" stroke-width="1"/>)",
                             pixel(left_ - 6), pixel(y), pixel(left_));
        body_ += "\n";
        text(left_ - 9, y + 4, tick_label(t, ystep), 12, "end");
    }
    text((left_ + right()) / 2, bottom() + 44, x_label, 14, "middle", R"(font-style="italic")");
    const double ly = (top_ + bottom()) / 2;
    text(left_ - 52, ly, y_label, 14, "middle",
         fmt::format(R"x(font-style="italic" transform="rotate(-90 {} {})")x", pixel(left_ - 52), pixel(ly)));
}

void SvgCanvas::text(double x, double y, std::string_view s, double size, std::string_view anchor,
                     std::string_view extra) {
    body_ += fmt::format(R"(<text x="{}" y="{}" font-size="{}" text-anchor="{}"{}{}>{}</text>)", pixel(x),
                         pixel(y), pixel(size), anchor, extra.empty() ? "" : " ", extra, xml_escape(s));
    body_ += "\n";
}

void SvgCanvas::element(std::string_view svg) {
    body_ += svg;
    body_ += "\n";
}

std::string SvgCanvas::str() const {
    return fmt::format(
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" )"
               R"(font-family="Helvetica, Arial, sans-serif">)"
               "\n"
               R"(<rect width="{0}" height="{1}" fill="white"/>)"
               "\n",
               pixel(width_), pixel(height_)) +
           body_ + "</svg>\n";
}

}  // namespace relux
