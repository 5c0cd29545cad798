#include "kernels/reduce/reduce.hpp"

namespace sb::reduce {

double run_seq(const double* x, std::size_t n) { return sum_block(x, n); }

}  // namespace sb::reduce
