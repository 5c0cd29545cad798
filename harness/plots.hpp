// Plots are drawn by scripts/plot.py with Debian's python3-matplotlib, from DIR/analysis.json.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sb {

// Runs the plot script on DIR; returns the PNGs it wrote (relative to DIR), or none when
// /usr/bin/python3 or matplotlib is missing (the report then says plots were not drawn).
std::vector<std::string> draw_plots(const std::filesystem::path& dir);

}  // namespace sb
