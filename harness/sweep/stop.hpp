// Stopping a sweep cleanly: a signal sets one flag, and the sweep and its workers poll it between
// repetitions, so an interrupted sweep keeps every point it finished.
#pragma once

#include <stdexcept>

namespace sb {

// Thrown when a stop is asked for before anything was measured (exec's untimed runs): the
// command exits 130 with nothing to resume.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Set from a signal handler: finish the running repetition, then stop.
void request_stop() noexcept;
bool stop_requested() noexcept;
// Forgets a request, for a process that runs one sweep after another (tests).
void clear_stop_request() noexcept;

// Parent: SIGINT and SIGTERM request a clean stop instead of ending at once.
void install_stop_handlers();

// Worker child: SIGUSR1 (the parent's request) and SIGTERM request a stop; SIGINT, which reaches
// the whole process group on Ctrl-C, is ignored so that the parent alone decides.
void install_worker_stop_handlers();

}  // namespace sb
