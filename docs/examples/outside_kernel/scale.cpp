// scale: y = a * x, a kernel written outside the scalebench repository.
//
//   for (std::size_t i = 0; i < n; ++i) y[i] = a * x[i];
//
// 16 bytes an element (read x, write y), 1 flop. Each backend runs the same loop over its share;
// the verifier compares every element with the reference loop's value, outside the timed region.
#include <omp.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "harness/kernel/buffer.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/kernel/seeded_inputs.hpp"

namespace {

constexpr double kFactor = 3.0;

void scale_range(const double* __restrict x, double* __restrict y, std::size_t begin,
                 std::size_t end) {
#pragma omp simd
  for (std::size_t i = begin; i < end; ++i) y[i] = kFactor * x[i];
}

class ScaleInstance : public sb::KernelInstance {
 public:
  ScaleInstance(const sb::KernelConfig& config, const sb::Team& team)
      : team_(team), seed_(config.seed), x_(config.size), y_(config.size) {}

  void reset() override {
    sb::first_touch(team_, x_.size(), [this](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        x_[i] = sb::seeded_unit(seed_, i);
        y_[i] = 0;
      }
    });
  }

  std::function<void()> variant(const sb::VariantSpec& spec) override {
    const double* x = x_.data();
    double* y = y_.data();
    const std::size_t n = x_.size();
    const sb::Team& team = team_;
    return sb::by_backend(
        spec.backend, {{sb::Backend::seq, [x, y, n] { scale_range(x, y, 0, n); }},
                       {sb::Backend::omp,
                        [x, y, n, &team] {
#pragma omp parallel num_threads(team.threads)
                          {
                            team.probe->sample(omp_get_thread_num());
#pragma omp for schedule(static) nowait
                            for (std::size_t i = 0; i < n; ++i) y[i] = kFactor * x[i];
                          }
                        }},
                       {sb::Backend::tbb, [x, y, n, &team] {
                          tbb::parallel_for(
                              tbb::blocked_range<std::size_t>(0, n),
                              [x, y, &team](const tbb::blocked_range<std::size_t>& r) {
                                team.probe->sample(tbb::this_task_arena::current_thread_index());
                                scale_range(x, y, r.begin(), r.end());
                              });
                        }}});
  }

  sb::Verdict verify(std::uint64_t) override {
    for (std::size_t i = 0; i < y_.size(); ++i) {
      if (y_[i] != kFactor * x_[i])
        return {false, fmt::format("y[{}] = {} but a * x[{}] = {}", i, y_[i], i, kFactor * x_[i])};
    }
    return {true, fmt::format("all {} elements equal a * x", y_.size())};
  }

  void corrupt_output() override { y_[y_.size() / 2] += 1; }

 private:
  sb::Team team_;
  std::uint64_t seed_;
  sb::AlignedBuffer<double> x_, y_;
};

const sb::KernelRegistration registration{
    sb::KernelInfo{.name = "scale",
                   .summary = "y = a * x, built outside the scalebench repository",
                   .size_unit = "elements",
                   .default_size = std::size_t{1} << 24,
                   .quick_size = std::size_t{1} << 20,
                   .bytes_per_element = 16,
                   .flops_per_element = 1,
                   .footprint_bytes_per_element = 16,
                   .params = {},
                   .variants = {{sb::Backend::seq, "reference"},
                                {sb::Backend::omp, "static"},
                                {sb::Backend::tbb, "auto"}},
                   .create = sb::create_instance<ScaleInstance>}};

}  // namespace
