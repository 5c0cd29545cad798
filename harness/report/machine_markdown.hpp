// Where and how a sweep ran, for the report: a line for the first screen, and the details a
// reviewer needs to reproduce it (machine, platform, build, libraries, every sweep setting).
#pragma once

#include <string>

#include "harness/results/results.hpp"

namespace sb {

// "**Machine.** host, CPU, topology, OS, kernel, memory, virtualisation, SMT ... **Load** ..."
std::string machine_line(const Results& results);
// "built from commit 1234abc (clean), measured <start> to <end> (7m44s)"
std::string build_and_time_text(const Results& results);
// The details: machine and platform facts, build, libraries, environment, and the sweep's
// settings as a table.
std::string machine_markdown(const Results& results);

}  // namespace sb
