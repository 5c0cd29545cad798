// A parallel program for exec's tests, misbehaving on request: `exec_probe MODE THREADS [FILE]`.
//   work    THREADS busy threads for a while, then "ok"
//   ignore  always 4 busy threads, whatever it is told
//   fewer   one busy thread, whatever it is told
//   reset   resets its affinity to every CPU, binds itself to the last one, works on one thread
//   fail    counts its runs in FILE and exits 1 on the third
//   hang    sleeps for an hour
//   differ  prints its thread count: its output differs at 2 threads
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

// Spins for `seconds` on `threads` threads: CPU-bound, so each wants a whole CPU.
void spin(int threads, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::atomic<long> sink{0};
  std::vector<std::thread> team;
  for (int t = 0; t < threads; ++t) {
    team.emplace_back([&] {
      long local = 0;
      while (std::chrono::steady_clock::now() < end) local += 1;
      sink += local;
    });
  }
  for (std::thread& t : team) t.join();
}

constexpr double kWorkS = 0.4;

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: exec_probe MODE THREADS [FILE]\n");
    return 2;
  }
  const std::string mode = argv[1];
  const int threads = std::atoi(argv[2]);
  if (mode == "work") {
    spin(threads, kWorkS);
  } else if (mode == "ignore") {
    spin(4, kWorkS);
  } else if (mode == "fewer") {
    spin(1, kWorkS);
  } else if (mode == "reset") {
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    cpu_set_t all;
    CPU_ZERO(&all);
    for (long c = 0; c < cpus && c < CPU_SETSIZE; ++c) CPU_SET(c, &all);
    sched_setaffinity(0, sizeof all, &all);
    cpu_set_t last;
    CPU_ZERO(&last);
    CPU_SET(cpus - 1, &last);
    sched_setaffinity(0, sizeof last, &last);
    spin(1, kWorkS);
  } else if (mode == "fail") {
    int runs = 0;
    std::ifstream(argv[3]) >> runs;
    std::ofstream(argv[3]) << ++runs;
    spin(threads, 0.05);
    if (runs == 3) {
      std::fprintf(stderr, "exec_probe: failing on run 3 as asked\n");
      return 1;
    }
  } else if (mode == "hang") {
    std::this_thread::sleep_for(std::chrono::hours(1));
  } else if (mode == "differ") {
    std::printf("threads %d\n", threads);
    return 0;
  } else {
    std::fprintf(stderr, "exec_probe: unknown mode %s\n", mode.c_str());
    return 2;
  }
  std::printf("ok\n");
  return 0;
}
