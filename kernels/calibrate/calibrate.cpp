// Registration of the calibrate kernel.
#include "kernels/calibrate/calibrate.hpp"

#include <algorithm>
#include <cmath>

#include "harness/kernel/buffer.hpp"
#include "harness/runtime/stdpar_runtime.hpp"

namespace sb::calibrate {
namespace {

class CalibrateInstance : public KernelInstance {
 public:
  CalibrateInstance(const KernelConfig& config, const Team& team)
      : team_(team), out_(config.size), expected_(config.size) {
    work_.items = config.size;
    work_.serial_items = static_cast<std::size_t>(
        std::llround(config.param("serial_fraction") * static_cast<double>(config.size)));
    work_.item_work = static_cast<int>(config.param("item_work"));
    work_.seed = config.seed;
    work_.out = out_.data();
    for (std::size_t i = 0; i < work_.items; ++i) expected_[i] = item(work_, i);
    blocks_ = StdparBlocks(work_.serial_items, work_.items, team.threads);
  }

  void reset() override { std::fill(out_.data(), out_.data() + work_.items, 0); }

  std::function<void()> variant(const VariantSpec& spec) override {
    return by_backend(
        spec.backend,
        {{Backend::seq, [this] { run_seq(work_); }},
         {Backend::omp, [this] { run_omp(work_, team_); }},
         {Backend::tbb, [this] { run_tbb(work_, team_); }},
         {kStdpar, [this, policy = spec.name] { run_stdpar(work_, team_, blocks_, policy); }}});
  }

  Verdict verify(std::uint64_t) override { return calibrate::verify(work_, expected_.data()); }
  void corrupt_output() override { out_[work_.items - 1] ^= 1; }

 private:
  Team team_;
  Work work_;
  AlignedBuffer<std::uint64_t> out_, expected_;
  StdparBlocks blocks_{0, 0, 1};
};

const KernelRegistration registration{KernelInfo{
    .name = "calibrate",
    .summary = "known serial fraction (--serial-fraction): an Amdahl fit must recover it",
    .size_unit = "items",
    .default_size = 8192,
    .quick_size = 2048,
    .bytes_per_element = 0,
    .flops_per_element = 0,
    .footprint_bytes_per_element = 16,
    .params = {{"serial_fraction", 0.2, 0, 1, "share of the items run by one thread", false},
               {"item_work", 2048, 1, 1e7, "splitmix rounds an item"}},
    .variants = {{Backend::seq, "reference"},
                 {Backend::omp, "static"},
                 {Backend::tbb, "static"},
                 {kStdpar, "par"},
                 {kStdpar, "par_unseq"}},
    .calibration = true,
    .create = create_instance<CalibrateInstance>}};

}  // namespace
}  // namespace sb::calibrate
