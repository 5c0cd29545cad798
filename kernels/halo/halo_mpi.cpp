// The halo kernel's rank side: this rank's rows, updated by its OpenMP team, halo rows exchanged
// with the neighbouring ranks.
#include <mpi.h>
#include <omp.h>

#include <cmath>
#include <utility>

#include "harness/core/error.hpp"
#include "harness/mpi/mpi_kernel.hpp"
#include "kernels/halo/halo.hpp"

namespace sb::halo {
namespace {

class HaloRank : public MpiKernelInstance {
 public:
  HaloRank(const KernelConfig& config, const RankContext& context)
      : context_(context),
        seed_(config.seed),
        columns_(static_cast<std::size_t>(config.param("columns"))),
        rows_(config.size / columns_),
        mine_(share_of(rows_, context.ranks, context.rank)) {
    if (rows_ < static_cast<std::size_t>(context.ranks)) {
      config_error("halo: {} rows of {} columns cannot give each of {} ranks a row", rows_,
                   columns_, context.ranks);
    }
    u_.assign((mine_.count + 2) * columns_, 0.0);
    next_.assign(u_.size(), 0.0);
    up_ = context.rank > 0 ? context.rank - 1 : MPI_PROC_NULL;
    down_ = context.rank + 1 < context.ranks ? context.rank + 1 : MPI_PROC_NULL;
  }

  void reset() override {
    // First touch by the thread that updates each row (its static share of the rows).
    const std::size_t rows = mine_.count, columns = columns_, first = mine_.begin;
    double* u = u_.data();
    double* next = next_.data();
    const std::uint64_t seed = seed_;
#pragma omp parallel for schedule(static) num_threads(context_.team->threads)
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < columns; ++j) {
        u[(i + 1) * columns + j] = initial_value(seed, first + i, j, columns);
        next[(i + 1) * columns + j] = 0;
      }
    }
    // Halo rows at the grid's edge stay the zero boundary; inner ones are filled every step.
    for (std::size_t j = 0; j < columns; ++j) {
      u[j] = next[j] = u[(rows + 1) * columns + j] = next[(rows + 1) * columns + j] = 0;
    }
  }

  void run(PhaseClock& clock) override {
    const int columns = static_cast<int>(columns_);
    double* u = u_.data();
    const std::size_t last = mine_.count;
    clock.time(Phase::sync, [&] { MPI_Barrier(context_.comm); });
    clock.time(Phase::comm, [&] {
      // First row up, the row above in; last row down, the row below in.
      MPI_Sendrecv(u + columns_, columns, MPI_DOUBLE, up_, 0, u + (last + 1) * columns_, columns,
                   MPI_DOUBLE, down_, 0, context_.comm, MPI_STATUS_IGNORE);
      MPI_Sendrecv(u + last * columns_, columns, MPI_DOUBLE, down_, 1, u, columns, MPI_DOUBLE, up_,
                   1, context_.comm, MPI_STATUS_IGNORE);
    });
    clock.time(Phase::compute, [&] {
      const double* in = u;
      double* out = next_.data();
      const std::size_t cols = columns_;
      const Team& team = *context_.team;
#pragma omp parallel num_threads(team.threads)
      {
        const int worker = omp_get_thread_num();
        team.probe->sample(worker);
        const Share rows = share_of(last, omp_get_num_threads(), worker);
        update_rows(in, out, rows.begin, rows.begin + rows.count, cols);
      }
    });
    std::swap(u_, next_);
  }

  Verdict verify(std::uint64_t runs) override {
    // Rank 0 gathers every rank's rows and compares them with the sequential reference.
    const int count = static_cast<int>(mine_.count * columns_);
    std::vector<int> counts(static_cast<std::size_t>(context_.ranks)), offsets(counts.size(), 0);
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, context_.comm);
    std::vector<double> grid;
    if (context_.rank == 0) {
      for (std::size_t r = 1; r < counts.size(); ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
      grid.resize(rows_ * columns_);
    }
    MPI_Gatherv(u_.data() + columns_, count, MPI_DOUBLE, grid.data(), counts.data(), offsets.data(),
                MPI_DOUBLE, 0, context_.comm);
    if (context_.rank != 0) return {true, "", {}};
    if (reference_steps_ != runs) {
      reference_ = reference_grid(seed_, rows_, columns_, runs);
      reference_steps_ = runs;
    }
    std::size_t differing = 0;
    double largest = 0;
    for (std::size_t k = 0; k < grid.size(); ++k) {
      if (grid[k] != reference_[k]) {
        ++differing;
        largest = std::max(largest, std::fabs(grid[k] - reference_[k]));
      }
    }
    if (differing > 0) {
      return {false,
              fmt::format("{} of {} points differ from the sequential reference after {} steps "
                          "(largest difference {:.3g})",
                          differing, grid.size(), runs, largest),
              {}};
    }
    return {true,
            fmt::format("{} x {} grid equals the sequential reference after {} steps", rows_,
                        columns_, runs),
            {}};
  }

  void corrupt_output() override { u_[columns_ + columns_ / 2] += 1.0; }

 private:
  RankContext context_;
  std::uint64_t seed_;
  std::size_t columns_, rows_;
  Share mine_;
  int up_ = MPI_PROC_NULL, down_ = MPI_PROC_NULL;
  std::vector<double> u_, next_;
  std::vector<double> reference_;
  std::uint64_t reference_steps_ = 0;
};

const MpiKernelRegistration registration{
    "halo", [](const KernelConfig& config, const RankContext& context) {
      return std::make_unique<HaloRank>(config, context);
    }};

}  // namespace
}  // namespace sb::halo
