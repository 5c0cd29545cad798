// Plots are drawn by scripts/plot.py with Debian's python3-matplotlib, from DIR/analysis.json.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sb {

struct Plots {
  std::vector<std::string> files;  // PNGs relative to DIR
  std::string problem;             // why none were drawn, when the script could not run or failed
};

// Where else to look for plot.py, after beside the binary and ../libexec/scalebench/: a binary
// built against the installed package (scalebench::main) names the package's libexec directory.
void add_plot_script_directory(const std::filesystem::path& dir);

// Runs the plot script on DIR.
Plots draw_plots(const std::filesystem::path& dir);

}  // namespace sb
