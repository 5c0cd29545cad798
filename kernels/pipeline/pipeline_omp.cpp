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
      // Tasks get pointers, firstprivate. Named in a task's shared clause, a reference is written
      // back into the region's shared block after each task is created, by GCC's generated code,
      // while the other threads may read it there: a data race that ThreadSanitizer reports.
      Stream* const stream = &s;
      const Team* const team_ptr = &team;
      Slot* slots = s.slots;
      for (std::size_t i = 0; i < s.items; ++i) {
        const std::size_t k = i % s.tokens;
#pragma omp task depend(inout : in_turn) depend(out : slots[k]) firstprivate(i, k, stream)
        slots[k].item = produce(*stream, i);
#pragma omp task depend(inout : slots[k]) firstprivate(k, stream, team_ptr)
        {
          team_ptr->probe->sample(omp_get_thread_num());
          slots[k].item.value = transform(*stream, slots[k].item.value);
        }
#pragma omp task depend(inout : out_turn) depend(inout : slots[k]) firstprivate(k, stream)
        consume(*stream, slots[k].item);
      }
    }
  }
}

}  // namespace sb::pipeline
