#pragma once
// Limits, counters and progress reports of one region enumeration (private to src/geometry).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>

namespace relux::regions_detail {

/// Limits, counters and the stop flag shared by all workers of one run.
struct RunControl {
    using Clock = std::chrono::steady_clock;
    enum class Reason { none, max_regions, time_limit };

    std::size_t max_regions = 0;
    bool has_deadline = false;
    Clock::time_point start = Clock::now();
    Clock::time_point deadline{};
    std::function<void(std::size_t, std::size_t)> progress;

    std::atomic<bool> stop{false};
    std::atomic<Reason> reason{Reason::none};
    std::atomic<std::size_t> emitted{0};  ///< regions handed out (some may be over the limit)
    std::atomic<std::size_t> kept{0};     ///< regions kept
    std::atomic<std::size_t> pending{0};  ///< cells left unfinished by a stop
    std::atomic<std::size_t> pending_layer{SIZE_MAX};
    std::atomic<std::ptrdiff_t> live{0};  ///< pieces being worked on
    std::atomic<std::int64_t> last_progress{0};
    std::mutex progress_mutex;

    void request_stop(Reason why) {
        Reason none = Reason::none;
        reason.compare_exchange_strong(none, why);
        stop.store(true);
    }
    void add_pending(std::size_t layer) {
        pending.fetch_add(1);
        std::size_t cur = pending_layer.load();
        while (layer < cur && !pending_layer.compare_exchange_weak(cur, layer)) {}
    }
    /// Calls `progress` when at least 0.2 s passed since the last call (one caller at a time).
    void maybe_report() {
        if (!progress) return;
        const std::int64_t now =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
        std::int64_t last = last_progress.load();
        if (now - last < 200 || !last_progress.compare_exchange_strong(last, now)) return;
        std::unique_lock lock(progress_mutex, std::try_to_lock);
        if (lock.owns_lock())
            progress(kept.load(), static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, live.load())));
    }
};

}  // namespace relux::regions_detail
