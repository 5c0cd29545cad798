// `scalebench tables`: the seed article's Amdahl and capacity tables.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "harness/claims/article_tables.hpp"
#include "harness/cli/commands.hpp"
#include "harness/core/table.hpp"
#include "harness/machine/threads_spec.hpp"

namespace sb::cli {
namespace {

struct TablesFlags {
  double serial_fraction = 0.10;
  std::string processors = "1,2,4,8,16,32,64";
  double service_rate = 100.0;
  std::string workers = "1,2,4,8,16,32";
  double overhead = 0.05;
  std::string format = "md";
};

}  // namespace

void add_tables_command(CLI::App& app, int&) {
  auto flags = std::make_shared<TablesFlags>();
  auto* tables = app.add_subcommand("tables", "the seed's Amdahl and capacity tables");
  tables->require_subcommand(1);
  auto* amdahl = tables->add_subcommand("amdahl", "Amdahl speedup bound and efficiency");
  amdahl->add_option("--serial-fraction", flags->serial_fraction, "serial fraction s in [0, 1]");
  amdahl->add_option("--processors", flags->processors, "e.g. 1,2,4,8 or 1:16");
  amdahl->add_option("--format", flags->format, "json, csv or md");
  amdahl->final_callback([flags] {
    const Format format = parse_format(flags->format);
    fmt::print(
        "{}",
        render(amdahl_table(flags->serial_fraction, parse_thread_list(flags->processors)), format));
  });
  auto* capacity = tables->add_subcommand("capacity", "ideal, overhead and effective capacity");
  capacity->add_option("--service-rate", flags->service_rate, "service rate per worker");
  capacity->add_option("--workers", flags->workers, "e.g. 1,2,4,8,16,32");
  capacity->add_option("--overhead", flags->overhead, "overhead rate per extra worker");
  capacity->add_option("--format", flags->format, "json, csv or md");
  capacity->final_callback([flags] {
    const Format format = parse_format(flags->format);
    fmt::print("{}", render(capacity_table(flags->service_rate, parse_thread_list(flags->workers),
                                           flags->overhead),
                            format));
  });
}

}  // namespace sb::cli
