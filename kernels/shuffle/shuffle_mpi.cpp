// The shuffle kernel's rank side: route this rank's records to the owners of their keys, exchange
// them with MPI_Alltoallv, and sum each owned key's values with the rank's OpenMP team.
#include <mpi.h>
#include <omp.h>

#include <algorithm>
#include <climits>
#include <vector>

#include "harness/core/error.hpp"
#include "harness/mpi/mpi_kernel.hpp"
#include "kernels/shuffle/shuffle.hpp"

namespace sb::shuffle {
namespace {

class ShuffleRank : public MpiKernelInstance {
 public:
  ShuffleRank(const KernelConfig& config, const RankContext& context)
      : context_(context),
        seed_(config.seed),
        n_(config.size),
        keys_(static_cast<std::uint64_t>(config.param("keys"))),
        skew_(config.param("skew")),
        mine_(share_of(config.size, context.ranks, context.rank)),
        first_key_(first_key(keys_, context.ranks, context.rank)),
        owned_keys_(first_key(keys_, context.ranks, context.rank + 1) - first_key_),
        records_(mine_.count),
        packed_(mine_.count),
        owners_(mine_.count),
        ranks_(static_cast<std::size_t>(context.ranks)) {
    // MPI counts are ints of bytes: every rank could receive every record.
    if (n_ * sizeof(Record) > static_cast<std::size_t>(INT_MAX)) {
      config_error("shuffle: {} records are more than one MPI message can carry", n_);
    }
    if (keys_ < static_cast<std::uint64_t>(context.ranks)) {
      config_error("shuffle: {} keys cannot give each of {} ranks a key", keys_, context.ranks);
    }
    const auto threads = static_cast<std::size_t>(context.team->threads);
    partial_.assign(threads * owned_keys_, 0.0);
    sums_.assign(owned_keys_, 0.0);
    for (auto* v : {&send_counts_, &send_offsets_, &receive_counts_, &receive_offsets_}) {
      v->assign(ranks_, 0);
    }
  }

  void reset() override {
    Record* records = records_.data();
    const std::size_t count = mine_.count, begin = mine_.begin;
    const std::uint64_t seed = seed_, keys = keys_;
    const double skew = skew_;
#pragma omp parallel for schedule(static) num_threads(context_.team->threads)
    for (std::size_t i = 0; i < count; ++i)
      records[i] = initial_record(seed, begin + i, keys, skew);
    std::fill(sums_.begin(), sums_.end(), 0.0);
  }

  void run(PhaseClock& clock) override {
    clock.time(Phase::compute, [&] { map(); });
    clock.time(Phase::sync, [&] { MPI_Barrier(context_.comm); });
    clock.time(Phase::comm, [&] { exchange(); });
    clock.time(Phase::compute, [&] { reduce(); });
  }

  Verdict verify(std::uint64_t) override {
    long long received = static_cast<long long>(received_.size()), total = 0;
    MPI_Reduce(&received, &total, 1, MPI_LONG_LONG, MPI_SUM, 0, context_.comm);
    const int owned = static_cast<int>(owned_keys_);
    std::vector<int> counts(ranks_), offsets(ranks_, 0);
    MPI_Gather(&owned, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, context_.comm);
    std::vector<double> all;
    if (context_.rank == 0) {
      for (std::size_t r = 1; r < ranks_; ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
      all.resize(keys_);
    }
    MPI_Gatherv(sums_.data(), owned, MPI_DOUBLE, all.data(), counts.data(), offsets.data(),
                MPI_DOUBLE, 0, context_.comm);
    if (context_.rank != 0) return {true, "", {}};
    if (total != static_cast<long long>(n_)) {
      return {false, fmt::format("the ranks received {} records of {}", total, n_), {}};
    }
    if (reference_.empty()) {
      reference_.assign(keys_, 0.0);
      for (std::uint64_t i = 0; i < n_; ++i) {
        const Record r = initial_record(seed_, i, keys_, skew_);
        reference_[r.key] += r.value;
      }
    }
    std::size_t differing = 0;
    for (std::size_t k = 0; k < keys_; ++k) differing += all[k] != reference_[k];
    if (differing > 0) {
      return {
          false,
          fmt::format("{} of {} keys' sums differ from the sequential reference", differing, keys_),
          {}};
    }
    return {true,
            fmt::format("every one of {} keys' sums over {} records equals the sequential "
                        "reference",
                        keys_, n_),
            {{"records_on_rank_0", static_cast<double>(received_.size())}}};
  }

  void corrupt_output() override { sums_[0] += 1.0; }

 private:
  // Owner of every record, then the records packed by owner (a counting sort).
  void map() {
    const Record* records = records_.data();
    int* owners = owners_.data();
    const std::size_t count = mine_.count;
    const std::uint64_t keys = keys_;
    const int ranks = context_.ranks;
    const Team& team = *context_.team;
#pragma omp parallel num_threads(team.threads)
    {
      team.probe->sample(omp_get_thread_num());
#pragma omp for schedule(static)
      for (std::size_t i = 0; i < count; ++i) owners[i] = owner(records[i].key, keys, ranks);
    }
    std::fill(send_counts_.begin(), send_counts_.end(), 0);
    for (std::size_t i = 0; i < count; ++i) ++send_counts_[static_cast<std::size_t>(owners[i])];
    int offset = 0;
    for (std::size_t r = 0; r < ranks_; ++r) {
      send_offsets_[r] = offset;
      offset += send_counts_[r];
    }
    std::vector<int>& next = cursor_;
    next = send_offsets_;
    for (std::size_t i = 0; i < count; ++i) {
      packed_[static_cast<std::size_t>(next[static_cast<std::size_t>(owners[i])]++)] = records[i];
    }
  }

  // Counts first, then the records, as bytes.
  void exchange() {
    MPI_Alltoall(send_counts_.data(), 1, MPI_INT, receive_counts_.data(), 1, MPI_INT,
                 context_.comm);
    int offset = 0;
    for (std::size_t r = 0; r < ranks_; ++r) {
      receive_offsets_[r] = offset;
      offset += receive_counts_[r];
    }
    // Grows in the untimed warm-up run only: every run routes the same records.
    received_.resize(static_cast<std::size_t>(offset));
    const int bytes = static_cast<int>(sizeof(Record));
    for (std::size_t r = 0; r < ranks_; ++r) {
      byte_counts_[0][r] = send_counts_[r] * bytes;
      byte_counts_[1][r] = send_offsets_[r] * bytes;
      byte_counts_[2][r] = receive_counts_[r] * bytes;
      byte_counts_[3][r] = receive_offsets_[r] * bytes;
    }
    MPI_Alltoallv(packed_.data(), byte_counts_[0].data(), byte_counts_[1].data(), MPI_BYTE,
                  received_.data(), byte_counts_[2].data(), byte_counts_[3].data(), MPI_BYTE,
                  context_.comm);
  }

  // Each thread sums its share of the received records into a table of its own; the tables are
  // then added key by key (exact on grid values, in any order).
  void reduce() {
    const Record* received = received_.data();
    const std::size_t count = received_.size(), owned = owned_keys_;
    const std::uint64_t first = first_key_;
    double* partial = partial_.data();
    double* sums = sums_.data();
    const Team& team = *context_.team;
#pragma omp parallel num_threads(team.threads)
    {
      const int worker = omp_get_thread_num();
      team.probe->sample(worker);
      double* mine = partial + static_cast<std::size_t>(worker) * owned;
      std::fill(mine, mine + owned, 0.0);
      const Share share = share_of(count, omp_get_num_threads(), worker);
      for (std::size_t i = share.begin; i < share.begin + share.count; ++i) {
        mine[received[i].key - first] += received[i].value;
      }
#pragma omp barrier
#pragma omp for schedule(static)
      for (std::size_t k = 0; k < owned; ++k) {
        double sum = 0;
        for (int t = 0; t < omp_get_num_threads(); ++t) {
          sum += partial[static_cast<std::size_t>(t) * owned + k];
        }
        sums[k] = sum;
      }
    }
  }

  RankContext context_;
  std::uint64_t seed_;
  std::size_t n_;
  std::uint64_t keys_;
  double skew_;
  Share mine_;
  std::uint64_t first_key_, owned_keys_;
  std::vector<Record> records_, packed_, received_;
  std::vector<int> owners_;
  std::size_t ranks_;
  std::vector<int> send_counts_, send_offsets_, receive_counts_, receive_offsets_, cursor_;
  std::vector<int> byte_counts_[4] = {std::vector<int>(ranks_), std::vector<int>(ranks_),
                                      std::vector<int>(ranks_), std::vector<int>(ranks_)};
  std::vector<double> partial_, sums_, reference_;
};

const MpiKernelRegistration registration{
    "shuffle", [](const KernelConfig& config, const RankContext& context) {
      return std::make_unique<ShuffleRank>(config, context);
    }};

}  // namespace
}  // namespace sb::shuffle
