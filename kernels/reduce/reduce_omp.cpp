#include <omp.h>

#include "kernels/reduce/reduce.hpp"

namespace sb::reduce {

double run_omp(const double* x, std::size_t n, const Team& team) {
  double sum = 0;
#pragma omp parallel num_threads(team.threads) reduction(+ : sum)
  {
    // schedule(static)'s contiguous blocks, each summed by the vectorised block sum.
    const std::size_t workers = static_cast<std::size_t>(omp_get_num_threads());
    const std::size_t worker = static_cast<std::size_t>(omp_get_thread_num());
    team.probe->sample(static_cast<int>(worker));
    const std::size_t quotient = n / workers, remainder = n % workers;
    const std::size_t begin =
        worker < remainder ? worker * (quotient + 1) : remainder + worker * quotient;
    const std::size_t count = quotient + (worker < remainder ? 1 : 0);
    sum += sum_block(x + begin, count);
  }
  return sum;
}

}  // namespace sb::reduce
