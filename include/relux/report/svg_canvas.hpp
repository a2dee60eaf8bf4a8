#pragma once
// A small SVG writer for plots: a data rectangle mapped onto a pixel area, axes with "nice"
// ticks, text and shapes. Coordinates are doubles: this is drawing, never a claimed result.

#include <string>
#include <string_view>
#include <vector>

namespace relux {

/// Tick positions at 1, 2 or 5 times a power of ten, about `target` of them, inside [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target);

/// A tick label with as many decimals as the tick step needs ("0.25", "-1", "1e+06").
std::string tick_label(double value, double step);

/// Text with &, <, >, " escaped for SVG.
std::string xml_escape(std::string_view text);

/// "#rrggbb" for colour k of a qualitative palette: 12 soft colours, then golden-angle hues.
std::string fill_colour(std::size_t k);
/// "#rrggbb" for line k (saturated, for curves on white).
std::string line_colour(std::size_t k);

/// An SVG document with one plot area. px/py map data coordinates to pixels (y upwards).
class SvgCanvas {
public:
    /// width x height pixels; the data rectangle [x_lo, x_hi] x [y_lo, y_hi] fills the pixel
    /// rectangle (left, top, plot_width, plot_height). Precondition: x_lo < x_hi, y_lo < y_hi.
    SvgCanvas(double width, double height, double left, double top, double plot_width, double plot_height,
              double x_lo, double x_hi, double y_lo, double y_hi);

    double px(double x) const;
    double py(double y) const;
    double left() const { return left_; }
    double top() const { return top_; }
    double right() const { return left_ + plot_width_; }
    double bottom() const { return top_ + plot_height_; }

    /// Frame around the plot area, ticks and tick labels on both axes, axis labels.
    void axes(std::string_view x_label, std::string_view y_label);
    /// Text at pixel position; anchor is "start", "middle" or "end".
    void text(double x, double y, std::string_view s, double size = 13, std::string_view anchor = "start",
              std::string_view extra = "");
    /// Append a raw SVG element (already escaped).
    void element(std::string_view svg);
    /// The whole document.
    std::string str() const;
    /// The elements added so far, without the document around them (to draw a second panel,
    /// with its own data rectangle, into another canvas's document).
    const std::string& body() const { return body_; }

private:
    double width_, height_, left_, top_, plot_width_, plot_height_;
    double x_lo_, x_hi_, y_lo_, y_hi_;
    std::string body_;
};

/// "12.5" with at most 2 decimals, for pixel coordinates.
std::string pixel(double v);

}  // namespace relux
