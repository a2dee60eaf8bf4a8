#pragma once
// Pictures of region enumerations, for slides and papers.

#include "relux/geometry/regions.hpp"
#include "relux/report/regions_report.hpp"

#include <string>

namespace relux {

/// A standalone SVG document. 1-D box: the graph of each output over the box, breakpoints (where
/// the affine map changes) as filled dots and activation-region boundaries that are not
/// breakpoints as hollow dots. 2-D box: the cells outlined and filled by linear region (by
/// activation region without info.linear), with a legend of counts. Both have axes with ticks.
/// Exact values are rounded to double only for drawing. Throws InvalidArgument for another
/// box dimension.
std::string regions_svg(const RegionResult& result, const RegionReportInfo& info);

}  // namespace relux
