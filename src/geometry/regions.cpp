#include "relux/geometry/regions.hpp"

#include "region_engine.hpp"
#include "region_linear.hpp"
#include "relux/error.hpp"

#include <tbb/task_arena.h>

#include <cmath>
#include <sstream>

namespace relux {

namespace {

using regions_detail::EmittedRegion;
using regions_detail::RunControl;

/// Throws InvalidNetwork / InvalidArgument for anything enumerate_regions cannot take.
void check_arguments(const Network& net, const Box& box, const RegionOptions& options) {
    net.validate();
    for (std::size_t i = 0; i < net.layers.size(); ++i)
        if (net.layers[i].activation == Activation::square)
            throw InvalidArgument("layers[" + std::to_string(i) +
                                  "] has a square activation: regions need a piecewise-linear network "
                                  "(relu, leaky_relu or identity layers)");
    if (net.output != OutputKind::identity)
        throw InvalidArgument(
            "the network has a softmax output: regions need an identity output "
            "(a piecewise-linear function)");
    if (box.lo.size() != box.hi.size())
        throw InvalidArgument("box has " + std::to_string(box.lo.size()) + " lower and " +
                              std::to_string(box.hi.size()) + " upper bounds; expected one of each per axis");
    if (box.dim() != net.input_dim)
        throw InvalidArgument("box has " + std::to_string(box.dim()) + " axes; expected " +
                              std::to_string(net.input_dim) + " (one per network input)");
    for (std::size_t i = 0; i < box.dim(); ++i)
        if (!(box.lo[i] < box.hi[i]))
            throw InvalidArgument("box axis " + std::to_string(i + 1) + ": lower bound " + box.lo[i].str() +
                                  " is not below upper bound " + box.hi[i].str() +
                                  "; a box needs positive width on every axis");
    if (!(options.time_limit_seconds >= 0) || !std::isfinite(options.time_limit_seconds))
        throw InvalidArgument("time limit " + std::to_string(options.time_limit_seconds) +
                              " s: expected a finite number of seconds >= 0 (0 = no limit)");
    if (options.linear && !options.keep_regions)
        throw InvalidArgument(
            "linear regions need every region stored: keep_regions = false (streaming) cannot be "
            "combined with linear");
    if (options.threads < 0)
        throw InvalidArgument("threads " + std::to_string(options.threads) +
                              ": expected >= 0 (0 = TBB's default)");
}

/// "62.5%": part / whole to three digits (a message, not a result).
std::string percent(const Rational& part, const Rational& whole) {
    std::ostringstream os;
    os.precision(3);
    os << (part / whole).to_double() * 100 << "%";
    return os.str();
}

/// What stopped a partial run and how far it got.
std::string stop_reason(const RunControl& control, const RegionOptions& options, const RegionResult& result,
                        const Network& net, const Box& box) {
    std::string why;
    if (control.reason.load() == RunControl::Reason::max_regions) {
        why = "stopped by --max-regions " + std::to_string(options.max_regions);
    } else {
        std::ostringstream os;
        os << "stopped by --time-limit " << options.time_limit_seconds << " s";
        why = os.str();
    }
    const std::size_t found = result.count;
    const std::size_t open = control.pending.load();
    why += " after " + std::to_string(found) + (found == 1 ? " region" : " regions");
    why += ", at layer " + std::to_string(control.pending_layer.load() + 1) + " of " +
           std::to_string(net.layers.size());
    why += " (" + std::to_string(open) + " unfinished " + (open == 1 ? "cell" : "cells") + ", so at least " +
           std::to_string(found + open) + " regions in all; " + percent(result.volume, box.volume()) +
           " of the box volume enumerated)";
    return why;
}

}  // namespace

RegionResult enumerate_regions(const Network& net, const Box& box, const RegionOptions& options) {
    check_arguments(net, box, options);
    RunControl control;
    control.max_regions = options.max_regions;
    control.progress = options.progress;
    if (options.time_limit_seconds > 0) {
        control.has_deadline = true;
        control.deadline = control.start + std::chrono::duration_cast<RunControl::Clock::duration>(
                                               std::chrono::duration<double>(options.time_limit_seconds));
    }
    std::vector<EmittedRegion> emitted;
    Rational volume;
    auto work = [&] {
        if (options.exact) {
            regions_detail::Engine<regions_detail::ExactKernel> engine(net, box, options, control);
            emitted = engine.run();
            volume = engine.volume();
        } else {
            regions_detail::Engine<regions_detail::FloatKernel> engine(net, box, options, control);
            emitted = engine.run();
            volume = engine.volume();
        }
    };
    if (options.threads > 0) {
        tbb::task_arena arena(options.threads);
        arena.execute(work);
    } else {
        work();
    }

    RegionResult result;
    if (options.linear) result.linear_regions = regions_detail::merge_linear_regions(emitted, options.exact);
    result.partial = control.pending.load() > 0;
    // The reported volume is the exact sum of the regions' volumes (formed by the engine along the
    // splitting tree), so that a whole run's "volume == box volume" is evidence of the tiling
    // (proofs/regions.md, "Volumes"), not an assertion.
    result.volume = std::move(volume);
    result.count = options.keep_regions ? emitted.size() : control.kept.load();
    result.regions.reserve(emitted.size());
    for (EmittedRegion& e : emitted) result.regions.push_back(std::move(e.region));
    if (result.partial) result.stop_reason = stop_reason(control, options, result, net, box);
    if (options.progress) options.progress(result.count, 0);
    return result;
}

}  // namespace relux
