// Registration of the triad kernel.
#include "kernels/triad/triad.hpp"

#include <algorithm>

#include "harness/kernel/buffer.hpp"
#include "harness/runtime/stdpar_runtime.hpp"

namespace sb::triad {
namespace {

class TriadInstance : public KernelInstance {
 public:
  TriadInstance(const KernelConfig& config, const Team& team)
      : team_(team),
        seed_(config.seed),
        a_(config.size),
        b_(config.size),
        c_(config.size),
        blocks_(0, config.size, team.threads) {
    arrays_ = {a_.data(), b_.data(), c_.data(), config.size, kScalar};
  }

  void reset() override {
    first_touch(team_, arrays_.n, [this](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        a_[i] = 0;
        b_[i] = initial_b(seed_, i);
        c_[i] = initial_c(seed_, i);
      }
    });
  }

  std::function<void()> variant(const VariantSpec& spec) override {
    return by_backend(
        spec.backend,
        {{Backend::seq, [this] { run_seq(arrays_); }},
         {Backend::omp, [this] { run_omp(arrays_, team_); }},
         {Backend::tbb, [this] { run_tbb(arrays_, team_); }},
         {kStdpar, [this, policy = spec.name] { run_stdpar(arrays_, team_, blocks_, policy); }}});
  }

  Verdict verify(std::uint64_t) override { return triad::verify(arrays_, seed_); }
  void corrupt_output() override { a_[arrays_.n / 3] += 1.0; }

 private:
  Team team_;
  std::uint64_t seed_;
  AlignedBuffer<double> a_, b_, c_;
  Arrays arrays_{};
  StdparBlocks blocks_;
};

const KernelRegistration registration{
    KernelInfo{.name = "triad",
               .summary = "STREAM triad a = b + s*c: the bandwidth ceiling at each thread count",
               .size_unit = "elements",
               .default_size = std::size_t{1} << 26,
               .quick_size = std::size_t{1} << 23,
               .bytes_per_element = kBytesPerElement,
               .flops_per_element = kFlopsPerElement,
               .footprint_bytes_per_element = 24,
               .params = {},
               .variants = {{Backend::seq, "reference"},
                            {Backend::omp, "static"},
                            {Backend::tbb, "static"},
                            {kStdpar, "par"},
                            {kStdpar, "par_unseq"}},
               .bandwidth_ceiling = true,
               .create = create_instance<TriadInstance>}};

}  // namespace
}  // namespace sb::triad
