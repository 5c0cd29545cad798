#include <omp.h>

#include "kernels/pipeline/pipeline.hpp"

namespace sb::pipeline {

// One task per stage and item. The serial stages chain through a shared dependence object
// (in_turn, out_turn), which orders them by creation, i.e. by item index. Item i and item
// i + tokens share a slot: the producer's out-dependence on the slot waits for the consumer of
// the previous occupant, which is what bounds the items in flight to `tokens`.
void run_omp(Stream& s, const Team& team) {
  // Used only as dependence objects, which GCC does not count as a use.
  [[maybe_unused]] char in_turn = 0, out_turn = 0;
#pragma omp parallel num_threads(team.threads)
  {
    team.probe->sample(omp_get_thread_num());
#pragma omp single
    {
      Slot* slots = s.slots;
      for (std::size_t i = 0; i < s.items; ++i) {
        const std::size_t k = i % s.tokens;
#pragma omp task depend(inout : in_turn) depend(out : slots[k]) firstprivate(i, k) shared(s)
        slots[k].item = produce(s, i);
#pragma omp task depend(inout : slots[k]) firstprivate(k) shared(s, team)
        {
          team.probe->sample(omp_get_thread_num());
          slots[k].item.value = transform(s, slots[k].item.value);
        }
#pragma omp task depend(inout : out_turn) depend(inout : slots[k]) firstprivate(k) shared(s)
        consume(s, slots[k].item);
      }
    }
  }
}

}  // namespace sb::pipeline
