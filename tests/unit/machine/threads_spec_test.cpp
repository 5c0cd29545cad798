#include "harness/machine/threads_spec.hpp"

#include <gtest/gtest.h>

#include "harness/core/error.hpp"

namespace sb {
namespace {

TEST(ThreadsSpec, ListsRangesAndMixes) {
  EXPECT_EQ(parse_thread_list("1,2"), (std::vector<int>{1, 2}));
  EXPECT_EQ(parse_thread_list("1:4"), (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(parse_thread_list("8,1,2:3"), (std::vector<int>{1, 2, 3, 8}));
  EXPECT_EQ(parse_thread_list("256"), (std::vector<int>{256}));
}

TEST(ThreadsSpec, RejectsBadInput) {
  for (const char* bad :
       {"", "0", "-1", "abc", "1,,2", "2:1", "1,1", "1:3,2", "1.5", "4:", "99999999999", "2000"}) {
    EXPECT_THROW(parse_thread_list(bad), ConfigError) << "'" << bad << "'";
  }
}

TEST(ThreadsSpec, ErrorsNameTheProblem) {
  try {
    parse_thread_list("1,0");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("at least 1"), std::string::npos);
  }
}

TEST(ThreadsSpec, DefaultIsOneToTheCoreCount) {
  const Topology topology = Topology::synthetic("pack:2 core:3 pu:2");
  EXPECT_EQ(default_thread_list(topology), (std::vector<int>{1, 2, 3, 4, 5, 6}));
}

}  // namespace
}  // namespace sb
