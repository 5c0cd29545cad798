// Registration of the counter kernel: every synchronisation kind on every backend.
#include "kernels/counter/counter.hpp"

#include <vector>

#include "harness/core/error.hpp"
#include "harness/kernel/buffer.hpp"

namespace sb::counter {
namespace {

constexpr std::pair<Sync, const char*> kSyncNames[] = {{Sync::mutex, "mutex"},
                                                       {Sync::spinlock, "spinlock"},
                                                       {Sync::atomic, "atomic"},
                                                       {Sync::sharded, "sharded"},
                                                       {Sync::racy, "racy"}};

Sync parse_sync(const std::string& name) {
  for (const auto& [sync, text] : kSyncNames) {
    if (name == text) return sync;
  }
  config_error("counter has no variant '{}'", name);
}

class CounterInstance : public KernelInstance {
 public:
  CounterInstance(const KernelConfig& config, const Team& team)
      : team_(team), shards_(static_cast<std::size_t>(team.threads)) {
    state_.increments = config.size;
    state_.shards = shards_.data();
    state_.shard_count = team.threads;
  }

  void reset() override {
    reset_counts(state_);
    state_.total = 0;
  }

  std::function<void()> variant(const VariantSpec& spec) override {
    state_.sync = parse_sync(spec.name);
    return by_backend(spec.backend, {{Backend::seq, [this] { run_seq(state_); }},
                                     {Backend::omp, [this] { run_omp(state_, team_); }},
                                     {Backend::tbb, [this] { run_tbb(state_, team_); }}});
  }

  Verdict verify(std::uint64_t runs) override { return counter::verify(state_, runs); }
  void corrupt_output() override { state_.total -= 1; }

 private:
  Team team_;
  AlignedBuffer<Shard> shards_;
  State state_;
};

std::vector<VariantSpec> all_variants() {
  std::vector<VariantSpec> variants;
  for (Backend backend : {Backend::seq, Backend::omp, Backend::tbb}) {
    for (const auto& [sync, name] : kSyncNames) {
      variants.push_back({backend, name, sync == Sync::racy});
    }
  }
  return variants;
}

const KernelRegistration registration{KernelInfo{
    .name = "counter",
    .summary = "one shared counter under mutex, spinlock, atomic, sharded and racy updates",
    .size_unit = "increments",
    .default_size = std::size_t{1} << 22,
    .quick_size = std::size_t{1} << 18,
    .bytes_per_element = 0,
    .flops_per_element = 0,
    .footprint_bytes_per_element = 0,
    .params = {},
    .variants = all_variants(),
    .create = create_instance<CounterInstance>}};

}  // namespace
}  // namespace sb::counter
