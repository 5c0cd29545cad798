// The allreduce kernel's rank side: reduce's block sum over this rank's share, then MPI_Allreduce.
#include <mpi.h>

#include "harness/kernel/buffer.hpp"
#include "harness/mpi/mpi_kernel.hpp"
#include "kernels/allreduce/allreduce.hpp"
#include "kernels/reduce/reduce.hpp"

namespace sb::allreduce {
namespace {

class AllreduceRank : public MpiKernelInstance {
 public:
  AllreduceRank(const KernelConfig& config, const RankContext& context)
      : context_(context),
        seed_(config.seed),
        n_(config.size),
        mine_(share_of(config.size, context.ranks, context.rank)),
        x_(mine_.count) {}

  void reset() override {
    first_touch(*context_.team, x_.size(), [this](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) x_[i] = reduce::initial_x(seed_, mine_.begin + i);
    });
    if (context_.rank == 0 && !reference_ready_) {
      std::vector<double> all(n_);
      for (std::size_t i = 0; i < n_; ++i) all[i] = reduce::initial_x(seed_, i);
      reference_ = reduce::reference_sum(all.data(), n_);
      reference_ready_ = true;
    }
    sum_ = 0;
  }

  void run(PhaseClock& clock) override {
    double local = 0;
    const double* x = x_.data();
    const std::size_t n = x_.size();
    clock.time(Phase::compute, [&] { local = reduce::run_omp(x, n, *context_.team); });
    clock.time(Phase::sync, [&] { MPI_Barrier(context_.comm); });
    clock.time(Phase::comm,
               [&] { MPI_Allreduce(&local, &sum_, 1, MPI_DOUBLE, MPI_SUM, context_.comm); });
  }

  Verdict verify(std::uint64_t) override {
    // Every rank holds the sum; a rank whose sum differs from rank 0's fails the point too.
    double lowest = 0, highest = 0;
    MPI_Reduce(&sum_, &lowest, 1, MPI_DOUBLE, MPI_MIN, 0, context_.comm);
    MPI_Reduce(&sum_, &highest, 1, MPI_DOUBLE, MPI_MAX, 0, context_.comm);
    if (context_.rank != 0) return {true, "", {}};
    if (lowest != highest) {
      return {
          false, fmt::format("the ranks' sums differ ({:.17g} to {:.17g})", lowest, highest), {}};
    }
    Verdict verdict = reduce::verify(sum_, reference_, n_, context_.team->threads);
    if (verdict.ok) verdict.detail += fmt::format(" on all {} ranks", context_.ranks);
    return verdict;
  }

  void corrupt_output() override { sum_ += 1.0; }

 private:
  RankContext context_;
  std::uint64_t seed_;
  std::size_t n_;
  Share mine_;
  AlignedBuffer<double> x_;
  double reference_ = 0;
  bool reference_ready_ = false;
  double sum_ = 0;
};

const MpiKernelRegistration registration{
    "allreduce", [](const KernelConfig& config, const RankContext& context) {
      return std::make_unique<AllreduceRank>(config, context);
    }};

}  // namespace
}  // namespace sb::allreduce
