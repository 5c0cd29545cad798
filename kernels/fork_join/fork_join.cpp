// Registration of fork_join: padded visit counters and the schedule variants.
#include "kernels/fork_join/fork_join.hpp"

#include "harness/kernel/buffer.hpp"
#include "harness/runtime/tbb_schedule.hpp"

namespace sb::fork_join {
namespace {

class ForkJoinInstance : public KernelInstance {
 public:
  ForkJoinInstance(const KernelConfig& config, const Team& team)
      : team_(team), visits_(config.size) {
    arrays_ = {visits_.data(), config.size};
  }

  void reset() override {
    first_touch(team_, arrays_.n, [this](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) visits_[i].count = 0;
    });
  }

  std::function<void()> variant(const VariantSpec& spec) override {
    return by_backend(spec.backend, scheduled_variants(spec, arrays_, team_, affinity_, run_seq,
                                                       run_omp, run_tbb));
  }

  Verdict verify(std::uint64_t runs) override { return fork_join::verify(arrays_, runs); }
  void corrupt_output() override { ++visits_[arrays_.n / 2].count; }

 private:
  Team team_;
  AlignedBuffer<Slot> visits_;
  Arrays arrays_{};
  AffinityMemory affinity_;
};

const KernelRegistration registration{
    KernelInfo{.name = "fork_join",
               .summary = "an empty parallel loop: fork, join and chunk hand-out cost (EPCC-style)",
               .size_unit = "iterations",
               .default_size = 1024,
               .quick_size = 1024,
               .bytes_per_element = 0,
               .flops_per_element = 0,
               .footprint_bytes_per_element = sizeof(Slot),
               .params = {},
               .variants = {{Backend::seq, "reference"}},
               .schedulable = true,
               .overhead_reference = true,
               .create = create_instance<ForkJoinInstance>}};

}  // namespace
}  // namespace sb::fork_join
