// Built by the tsan preset only. The runtimes it links (cmake/tsan_runtimes.cmake) and
// scripts/tsan.supp exist to remove false reports; these tests show that they leave a real race
// in a kernel body visible, on each backend's runtime.
#include <gtest/gtest.h>
#include <omp.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "harness/machine/pin_plan.hpp"
#include "harness/runtime/team_runtime.hpp"

#if !defined(__SANITIZE_THREAD__)
#error "tsan_test is for builds with -fsanitize=thread"
#endif

namespace sb {
namespace {

const Topology& machine() {
  static const Topology topology = Topology::load_for_this_process();
  return topology;
}

// Both workers of a team of two add to one plain int with no synchronisation: a data race. The
// rendezvous makes sure that two threads run the body, since one oneTBB thread may otherwise take
// both chunks; its atomics order nothing that follows it. TSan missed a lone pair of racing
// increments in up to one run in five; a thousand each were reported in every run (100 of 100).
void race_in_a_team_of_two(Backend backend) {
  auto runtime =
      TeamRuntime::create(backend, machine(), plan_pinning(machine(), 2, PinPolicy::none));
  int unguarded = 0;
  std::atomic<int> arrived{0};
  const auto body = [&] {
    arrived.fetch_add(1);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (arrived.load() < 2 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::yield();
    }
    for (int i = 0; i < 1000; ++i) {
      ++unguarded;
      asm volatile("" ::: "memory");  // a load and a store every time, not one add of 1000
    }
  };
  runtime->execute([&] {
    if (backend == Backend::omp) {
#pragma omp parallel num_threads(2)
      body();
    } else {
      tbb::parallel_for(
          0, 2, [&](int) { body(); }, tbb::static_partitioner());
    }
  });
  // Without halt_on_error the report does not stop the process, but sets its exit status.
  std::exit(0);
}

class ThreadSanitizer : public testing::TestWithParam<Backend> {
 protected:
  // TSan does not support forking a process that runs threads: re-execute the test instead.
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST_P(ThreadSanitizer, ReportsARaceInAKernelBody) {
  // 66 is ThreadSanitizer's exit status after a report.
  EXPECT_EXIT(race_in_a_team_of_two(GetParam()), testing::ExitedWithCode(66),
              "SUMMARY: ThreadSanitizer: data race [^ ]*tests/unit/runtime/tsan_test.cpp");
}

INSTANTIATE_TEST_SUITE_P(Backends, ThreadSanitizer, testing::Values(Backend::omp, Backend::tbb),
                         [](const testing::TestParamInfo<Backend>& info) {
                           return std::string(format_as(info.param));
                         });

}  // namespace
}  // namespace sb
