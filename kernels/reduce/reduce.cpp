// Registration of the reduce kernel.
#include "kernels/reduce/reduce.hpp"

#include "harness/kernel/buffer.hpp"
#include "harness/runtime/stdpar_runtime.hpp"

namespace sb::reduce {
namespace {

class ReduceInstance : public KernelInstance {
 public:
  ReduceInstance(const KernelConfig& config, const Team& team)
      : team_(team), seed_(config.seed), x_(config.size), blocks_(0, config.size, team.threads) {}

  void reset() override {
    first_touch(team_, x_.size(), [this](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) x_[i] = initial_x(seed_, i);
    });
    if (!reference_ready_) {
      reference_ = reference_sum(x_.data(), x_.size());
      reference_ready_ = true;
    }
    sum_ = 0;
  }

  std::function<void()> variant(const VariantSpec& spec) override {
    const double* x = x_.data();
    const std::size_t n = x_.size();
    return by_backend(spec.backend, {{Backend::seq, [this, x, n] { sum_ = run_seq(x, n); }},
                                     {Backend::omp, [this, x, n] { sum_ = run_omp(x, n, team_); }},
                                     {Backend::tbb, [this, x, n] { sum_ = run_tbb(x, n, team_); }},
                                     {kStdpar, [this, x, policy = spec.name] {
                                        sum_ = run_stdpar(x, team_, blocks_, policy);
                                      }}});
  }

  Verdict verify(std::uint64_t) override {
    return reduce::verify(sum_, reference_, x_.size(), team_.threads);
  }
  void corrupt_output() override { sum_ += 1.0; }

 private:
  Team team_;
  std::uint64_t seed_;
  AlignedBuffer<double> x_;
  StdparBlocks blocks_;
  double reference_ = 0;
  bool reference_ready_ = false;
  double sum_ = 0;
};

const KernelRegistration registration{KernelInfo{
    .name = "reduce",
    .summary = "vectorised sum of doubles: read bandwidth and the cost of combining partials",
    .size_unit = "elements",
    .default_size = std::size_t{1} << 26,
    .quick_size = std::size_t{1} << 23,
    .bytes_per_element = kBytesPerElement,
    .flops_per_element = kFlopsPerElement,
    .footprint_bytes_per_element = 8,
    .params = {},
    .variants = {{Backend::seq, "reference"},
                 {Backend::omp, "static"},
                 {Backend::tbb, "auto"},
                 {kStdpar, "par"},
                 {kStdpar, "par_unseq"}},
    .create = create_instance<ReduceInstance>}};

}  // namespace
}  // namespace sb::reduce
