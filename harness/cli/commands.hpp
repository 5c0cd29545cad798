// The commands of the scalebench command line, one file each (<name>_command.cpp). Each adds its
// CLI11 subcommand; the subcommand's callback runs the command and sets `exit_status` (0 unless
// the command says otherwise). main.cpp holds the table and catches ConfigError.
#pragma once

#include <CLI/CLI.hpp>
#include <string_view>

namespace sb::cli {

using AddCommand = void (*)(CLI::App& app, int& exit_status);

struct Command {
  std::string_view name;
  AddCommand add;
};

void add_topology_command(CLI::App& app, int& exit_status);
void add_kernels_command(CLI::App& app, int& exit_status);
// `run` sets 130 when interrupted (every finished point kept; the message says how to resume).
void add_run_command(CLI::App& app, int& exit_status);
// `exec` runs the user's program the same way (sweep/exec_plan).
void add_exec_command(CLI::App& app, int& exit_status);
// `netcal` measures the MPI network (sweep/mpi_launch, analysis/hockney).
void add_netcal_command(CLI::App& app, int& exit_status);
void add_analyze_command(CLI::App& app, int& exit_status);
void add_compare_command(CLI::App& app, int& exit_status);
void add_fit_command(CLI::App& app, int& exit_status);
void add_tables_command(CLI::App& app, int& exit_status);
void add_audit_command(CLI::App& app, int& exit_status);
// Internal: one worker group in a process of its own (sweep/worker_process).
void add_worker_command(CLI::App& app, int& exit_status);

inline constexpr Command kCommands[] = {
    {"topology", add_topology_command}, {"kernels", add_kernels_command},
    {"run", add_run_command},           {"exec", add_exec_command},
    {"netcal", add_netcal_command},     {"analyze", add_analyze_command},
    {"compare", add_compare_command},   {"fit", add_fit_command},
    {"tables", add_tables_command},     {"audit", add_audit_command},
    {"worker", add_worker_command}};

}  // namespace sb::cli
