// `scalebench kernels`: every registered kernel with its sizes, parameters and variants.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/kernel/kernel.hpp"

namespace sb::cli {

void add_kernels_command(CLI::App& app, int&) {
  app.add_subcommand("kernels", "list kernels, their parameters and variants")->final_callback([] {
    for (const KernelInfo& kernel : kernels()) {
      fmt::print("{:<10} {}\n", kernel.name, kernel.summary);
      fmt::print("{:<10} size: {} {} (quick {})\n", "", kernel.default_size, kernel.size_unit,
                 kernel.quick_size);
      for (const KernelParam& p : kernel.params) {
        fmt::print("{:<10} --param {}.{}={} ({})\n", "", kernel.name, p.name,
                   p.choices.empty() ? fmt::format("{}", p.default_value)
                                     : p.choices[static_cast<std::size_t>(p.default_value)],
                   p.help);
      }
      std::vector<std::string> variants;
      for (Backend backend : registered_backends()) {
        for (const VariantSpec& v : variants_for(kernel, backend, ScheduleMatrix{})) {
          variants.push_back(fmt::format("{}:{}{}", format_as(v.backend), v.name,
                                         v.teaching_only ? " (teaching only)" : ""));
        }
      }
      fmt::print("{:<10} variants: {}\n", "", fmt::join(variants, ", "));
    }
  });
}

}  // namespace sb::cli
