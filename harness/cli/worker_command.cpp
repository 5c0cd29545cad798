// `scalebench worker`: internal, one worker group in a process of its own (sweep/worker_process).
#include <memory>
#include <string>

#include "harness/cli/commands.hpp"
#include "harness/sweep/worker_process.hpp"

namespace sb::cli {

void add_worker_command(CLI::App& app, int&) {
  auto files = std::make_shared<std::pair<std::string, std::string>>();
  auto* command = app.add_subcommand("worker", "");
  command->group("");  // hidden from --help
  command->add_option("--spec", files->first)->required();
  command->add_option("--emit", files->second)->required();
  command->final_callback([files] { run_worker(files->first, files->second); });
}

}  // namespace sb::cli
