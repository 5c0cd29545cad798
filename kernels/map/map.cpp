// Registration of the map kernel: data, variants and verifier wired to the harness.
#include "kernels/map/map.hpp"

#include "harness/kernel/buffer.hpp"
#include "harness/runtime/stdpar_runtime.hpp"
#include "harness/runtime/tbb_schedule.hpp"

namespace sb::map {
namespace {

class MapInstance : public KernelInstance {
 public:
  MapInstance(const KernelConfig& config, const Team& team)
      : team_(team),
        seed_(config.seed),
        x_(config.size),
        y_(config.size),
        blocks_(0, config.size, team.threads) {
    arrays_ = {x_.data(), y_.data(), config.size, kScale};
  }

  void reset() override {
    first_touch(team_, arrays_.n, [this](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        x_[i] = initial_x(seed_, i);
        y_[i] = initial_y(seed_, i);
      }
    });
  }

  std::function<void()> variant(const VariantSpec& spec) override {
    VariantTable table =
        scheduled_variants(spec, arrays_, team_, affinity_, run_seq, run_omp, run_tbb);
    table.push_back(
        {kStdpar, [this, policy = spec.name] { run_stdpar(arrays_, team_, blocks_, policy); }});
    return by_backend(spec.backend, table);
  }

  Verdict verify(std::uint64_t runs) override { return map::verify(arrays_, seed_, runs); }
  void corrupt_output() override { y_[arrays_.n / 2] += 1.0; }

 private:
  Team team_;
  std::uint64_t seed_;
  AlignedBuffer<double> x_, y_;
  Arrays arrays_{};
  AffinityMemory affinity_;
  StdparBlocks blocks_;
};

const KernelRegistration registration{
    KernelInfo{.name = "map",
               .summary = "y = a*x + y over doubles: memory bandwidth drawn by more threads",
               .size_unit = "elements",
               .default_size = std::size_t{1} << 26,
               .quick_size = std::size_t{1} << 23,
               .bytes_per_element = kBytesPerElement,
               .flops_per_element = kFlopsPerElement,
               .footprint_bytes_per_element = 16,
               .params = {},
               .variants = {{Backend::seq, "reference"}, {kStdpar, "par"}, {kStdpar, "par_unseq"}},
               .schedulable = true,
               .create = create_instance<MapInstance>}};

}  // namespace
}  // namespace sb::map
