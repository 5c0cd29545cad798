// The thresholds that flag a point as unstable (docs/methodology.md). The sweep records the ones it
// used in the manifest; these are the defaults, named once.
#pragma once

namespace sb {

// Repetitions whose coefficient of variation exceeds this are flagged high_cv.
inline constexpr double kDefaultMaxCv = 0.05;

// Other processes using more than this many CPUs' worth of time (on a point's PUs while it was
// timed, or on the machine before and after a sweep) flag it contended or busy.
inline constexpr double kBusyCpus = 0.25;

}  // namespace sb
