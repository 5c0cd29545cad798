// The task_farm kernel's rank side: a counter in a window on rank 0, claimed with
// MPI_Fetch_and_op under a passive-target lock held for the instance's life; a claim's tasks run
// on the rank's OpenMP team.
#include <mpi.h>
#include <omp.h>

#include <algorithm>

#include "harness/mpi/mpi_kernel.hpp"
#include "kernels/task_farm/task_farm.hpp"

namespace sb::task_farm {
namespace {

class TaskFarmRank : public MpiKernelInstance {
 public:
  TaskFarmRank(const KernelConfig& config, const RankContext& context)
      : context_(context),
        seed_(config.seed),
        tasks_(static_cast<std::int64_t>(config.size)),
        work_(static_cast<std::uint64_t>(config.param("work"))),
        chunk_(static_cast<std::int64_t>(config.param("chunk"))) {
    const MPI_Aint bytes = context.rank == 0 ? sizeof(std::int64_t) : 0;
    MPI_Win_allocate(bytes, sizeof(std::int64_t), MPI_INFO_NULL, context.comm, &counter_, &window_);
    if (context.rank == 0) *counter_ = 0;
    MPI_Barrier(context.comm);
    MPI_Win_lock_all(0, window_);
  }

  ~TaskFarmRank() override {
    // Collective: every rank destroys its instance at the same call (mpi_group.hpp).
    MPI_Win_unlock_all(window_);
    MPI_Win_free(&window_);
  }

  void reset() override { sum_ = 0, done_ = 0; }

  void run(PhaseClock& clock) override {
    // The counter only grows: each run's tasks are numbered from `base_`. Every run ends with
    // one failed claim a rank, so all ranks agree on the next base without talking.
    std::uint64_t sum = 0;
    std::int64_t done = 0;
    for (;;) {
      std::int64_t claimed = 0;
      clock.time(Phase::comm, [&] {
        MPI_Fetch_and_op(&chunk_, &claimed, MPI_INT64_T, 0, 0, MPI_SUM, window_);
        MPI_Win_flush(0, window_);
      });
      const std::int64_t first = claimed - base_;
      if (first >= tasks_) break;
      const std::int64_t last = std::min(first + chunk_, tasks_);
      clock.time(Phase::compute, [&] {
        const Team& team = *context_.team;
        const std::uint64_t seed = seed_, work = work_;
        std::uint64_t part = 0;
#pragma omp parallel num_threads(team.threads) reduction(+ : part)
        {
          team.probe->sample(omp_get_thread_num());
#pragma omp for schedule(static)
          for (std::int64_t k = first; k < last; ++k) {
            part += task(seed, static_cast<std::uint64_t>(k), work);
          }
        }
        sum += part;
      });
      done += last - first;
    }
    clock.time(Phase::sync, [&] { MPI_Barrier(context_.comm); });
    base_ += (tasks_ + chunk_ - 1) / chunk_ * chunk_ + context_.ranks * chunk_;
    sum_ = sum;
    done_ = done;
  }

  Verdict verify(std::uint64_t) override {
    unsigned long long mine = sum_, total = 0;
    long long done = done_, all_done = 0;
    MPI_Reduce(&mine, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, context_.comm);
    MPI_Reduce(&done, &all_done, 1, MPI_LONG_LONG, MPI_SUM, 0, context_.comm);
    if (context_.rank != 0) return {true, "", {}};
    if (!reference_ready_) {
      for (std::int64_t k = 0; k < tasks_; ++k) {
        reference_ += task(seed_, static_cast<std::uint64_t>(k), work_);
      }
      reference_ready_ = true;
    }
    if (all_done != tasks_) {
      return {false, fmt::format("the ranks ran {} tasks of {}", all_done, tasks_), {}};
    }
    if (total != reference_) {
      return {
          false,
          fmt::format("the tasks' sum {:#x} differs from the sequential {:#x}", total, reference_),
          {}};
    }
    return {true,
            fmt::format("each of {} tasks ran once; their sum equals the sequential one", tasks_),
            {{"tasks_on_rank_0", static_cast<double>(done_)}}};
  }

  void corrupt_output() override { sum_ += 1; }

 private:
  RankContext context_;
  std::uint64_t seed_;
  std::int64_t tasks_;
  std::uint64_t work_;
  std::int64_t chunk_;
  std::int64_t* counter_ = nullptr;
  MPI_Win window_ = MPI_WIN_NULL;
  std::int64_t base_ = 0;
  std::uint64_t sum_ = 0;
  std::int64_t done_ = 0;
  std::uint64_t reference_ = 0;
  bool reference_ready_ = false;
};

const MpiKernelRegistration registration{
    "task_farm", [](const KernelConfig& config, const RankContext& context) {
      return std::make_unique<TaskFarmRank>(config, context);
    }};

}  // namespace
}  // namespace sb::task_farm
