#include "harness/sweep/stop.hpp"

#include <atomic>
#include <csignal>

namespace sb {
namespace {

std::atomic<bool> g_stop{false};

void on_stop_signal(int) { request_stop(); }

void handle(std::initializer_list<int> signals) {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  for (int signal : signals) sigaction(signal, &action, nullptr);
}

}  // namespace

void request_stop() noexcept { g_stop.store(true, std::memory_order_relaxed); }
bool stop_requested() noexcept { return g_stop.load(std::memory_order_relaxed); }
void clear_stop_request() noexcept { g_stop.store(false, std::memory_order_relaxed); }

void install_stop_handlers() { handle({SIGINT, SIGTERM}); }

void install_worker_stop_handlers() {
  std::signal(SIGINT, SIG_IGN);
  sigset_t unblock;
  sigemptyset(&unblock);
  sigaddset(&unblock, SIGINT);
  sigprocmask(SIG_UNBLOCK, &unblock, nullptr);
  handle({SIGUSR1, SIGTERM});
}

}  // namespace sb
