#include "kernels/counter/counter.hpp"

namespace sb::counter {

void run_seq(State& s) {
  increment(s, 0, s.increments);
  finish_run(s);
}

}  // namespace sb::counter
