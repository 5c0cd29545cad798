// The scalebench command line. Every configuration error ends here: one line, exit status 2.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/core/error.hpp"
#include "harness/report/plots.hpp"
#include "harness/sweep/manifest.hpp"

namespace {

// User text quoted in a message (a file name, a flag's value) may hold line breaks or other
// control characters; escaped, the message stays the one line scripts and users expect.
std::string one_line(std::string_view message) {
  std::string line;
  for (const char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      line += "\\n";
    } else if (byte < 0x20 || byte == 0x7f) {
      line += fmt::format("\\x{:02x}", byte);
    } else {
      line += c;
    }
  }
  return line;
}

int run_cli(int argc, char** argv) {
  CLI::App app{"scalebench: measured evidence for scale claims"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [] { return sb::version_text(); });
  int exit_status = 0;
  std::vector<std::string_view> names;
  for (const sb::cli::Command& command : sb::cli::kCommands) {
    command.add(app, exit_status);
    if (command.name != "worker") names.push_back(command.name);
  }

  try {
    app.parse(argc, argv);  // the selected command runs from its callback
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    fmt::print("{}", e.what());
    return 0;
  } catch (const CLI::ParseError& e) {
    const bool unknown_command =
        argc > 1 && argv[1][0] != '-' &&
        std::none_of(std::begin(sb::cli::kCommands), std::end(sb::cli::kCommands),
                     [&](const sb::cli::Command& c) { return c.name == argv[1]; });
    if (unknown_command) {
      fmt::print(stderr, "scalebench: error: unknown command '{}' (expected {})\n",
                 one_line(argv[1]), fmt::join(names, ", "));
    } else {
      fmt::print(stderr, "scalebench: error: {}\n", one_line(e.what()));
    }
    return 2;
  }
  return exit_status;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef SCALEBENCH_PLOT_DIR
  // Built against the installed package: its plot script is in the package's libexec.
  sb::add_plot_script_directory(SCALEBENCH_PLOT_DIR);
#endif
  try {
    return run_cli(argc, argv);
  } catch (const sb::ConfigError& e) {
    fmt::print(stderr, "scalebench: error: {}\n", one_line(e.what()));
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "scalebench: internal error: {}\n", one_line(e.what()));
    return 1;
  }
}
