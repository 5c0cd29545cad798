// Registration of skewed_map: seeded work profiles, the chains, and the schedule variants.
#include "kernels/skewed_map/skewed_map.hpp"

#include <algorithm>
#include <cmath>

#include "harness/kernel/buffer.hpp"
#include "harness/kernel/seeded_inputs.hpp"
#include "harness/runtime/tbb_schedule.hpp"

namespace sb::skewed_map {
namespace {

// Pareto tail index: below 2 the variance is infinite, near 1 a handful of elements hold a
// visible share of the total (the stragglers the seed's skew dimension is about).
constexpr double kParetoAlpha = 1.1;

class SkewedInstance : public KernelInstance {
 public:
  SkewedInstance(const KernelConfig& config, const Team& team, Profile profile, double mean_work)
      : team_(team), seed_(config.seed), work_(config.size), y_(config.size) {
    arrays_ = {work_.data(), y_.data(), config.size};
    first_touch(team_, config.size, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        work_[i] = work_of(profile, mean_work, seed_, i, config.size);
      }
    });
  }

  void reset() override {
    first_touch(team_, arrays_.n, [this](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) y_[i] = initial_y(seed_, i);
    });
  }

  std::function<void()> variant(const VariantSpec& spec) override {
    return by_backend(spec.backend, scheduled_variants(spec, arrays_, team_, affinity_, run_seq,
                                                       run_omp, run_tbb));
  }

  Verdict verify(std::uint64_t runs) override { return skewed_map::verify(arrays_, seed_, runs); }
  void corrupt_output() override { y_[arrays_.n / 2] ^= 1; }

 private:
  Team team_;
  std::uint64_t seed_;
  AlignedBuffer<std::uint32_t> work_;
  AlignedBuffer<std::uint64_t> y_;
  Arrays arrays_{};
  AffinityMemory affinity_;
};

}  // namespace

const std::vector<std::string>& profile_names() {
  static const std::vector<std::string> names{"uniform", "linear", "heavy_tail", "random"};
  return names;
}

std::uint32_t work_of(Profile profile, double mean_work, std::uint64_t seed, std::size_t i,
                      std::size_t n) {
  // Position-independent draws come from their own stream, so profiles do not share randomness
  // with the chains' initial values.
  const double u = seeded_unit(seed ^ 0x0badc0deULL, i);
  const double cap = std::min(0x1p31, std::max(1.0, mean_work * static_cast<double>(n) / 16));
  double steps = mean_work;
  switch (profile) {
    case Profile::uniform:
      break;
    case Profile::linear:
      steps = 2 * mean_work * (static_cast<double>(i) + 0.5) / static_cast<double>(n);
      break;
    case Profile::heavy_tail: {
      const double scale = mean_work * (kParetoAlpha - 1) / kParetoAlpha;  // mean = mean_work
      steps = scale * std::pow(1.0 - u, -1.0 / kParetoAlpha);
      break;
    }
    case Profile::random:
      steps = 2 * mean_work * u;
      break;
  }
  return static_cast<std::uint32_t>(std::min(cap, std::floor(steps)));
}

std::unique_ptr<KernelInstance> make_instance(const KernelConfig& config, const Team& team,
                                              Profile profile, double mean_work) {
  return std::make_unique<SkewedInstance>(config, team, profile, mean_work);
}

namespace {

const KernelRegistration registration{KernelInfo{
    .name = "skewed_map",
    .summary = "iterations of uneven cost (--skew profile): load imbalance and stragglers",
    .size_unit = "elements",
    .default_size = std::size_t{1} << 18,
    .quick_size = std::size_t{1} << 16,
    .bytes_per_element = 0,
    .flops_per_element = 0,
    .footprint_bytes_per_element = 12,
    .params = {{.name = "skew",
                .default_value = 1,
                .min_value = 0,
                .max_value = 3,
                .help = "work profile: uniform, linear, heavy_tail or random (also --skew)",
                .choices = profile_names()},
               {.name = "work",
                .default_value = 64,
                .min_value = 1,
                .max_value = 1e6,
                .help = "mean steps an element (a step: one dependent multiply and add)"}},
    .variants = {{Backend::seq, "reference"}},
    .schedulable = true,
    .create = [](const KernelConfig& config, const Team& team) {
      return make_instance(config, team, static_cast<Profile>(config.param("skew")),
                           config.param("work"));
    }}};

}  // namespace
}  // namespace sb::skewed_map
