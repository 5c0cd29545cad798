// The report of an `exec` sweep's program: what ran (path, SHA-256, version, environment), how
// each run was verified, and the proof of placement thread by thread.
#pragma once

#include <string>

#include "harness/results/results.hpp"

namespace sb {

// Whether the results measured a user's program (manifest.program), not registered kernels.
bool measured_a_program(const Results& results);

// "the program `zstd -T{threads} -c FILE` (series exec/command/zstd)"
std::string program_line(const Results& results);

// "## The program" and "## Proof of placement"; empty for a kernel sweep.
std::string program_markdown(const Results& results);

}  // namespace sb
