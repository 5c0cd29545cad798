// Registration of fine_loop: skewed_map's instance at a small, uniform cost an element.
#include "kernels/fine_loop/fine_loop.hpp"

namespace sb::skewed_map {
namespace {

const KernelRegistration registration{
    KernelInfo{.name = "fine_loop",
               .summary = "a few ns an iteration: per-chunk scheduling overhead against the work",
               .size_unit = "elements",
               .default_size = std::size_t{1} << 16,
               .quick_size = std::size_t{1} << 14,
               .bytes_per_element = 0,
               .flops_per_element = 0,
               .footprint_bytes_per_element = 12,
               .params = {{.name = "work",
                           .default_value = 4,
                           .min_value = 1,
                           .max_value = 1e6,
                           .help = "steps an element (a step: one dependent multiply and add)"}},
               .variants = {{Backend::seq, "reference"}},
               .schedulable = true,
               .create = [](const KernelConfig& config, const Team& team) {
                 return make_instance(config, team, Profile::uniform, config.param("work"));
               }}};

}  // namespace
}  // namespace sb::skewed_map
