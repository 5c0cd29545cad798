// Text from outside made fit for results.json: well-formed UTF-8 kept, anything else replaced.
#include "harness/core/utf8.hpp"

#include <gtest/gtest.h>

namespace {

TEST(Utf8, KeepsWellFormedTextAndReplacesTheRest) {
  EXPECT_EQ(sb::valid_utf8("plain, \xC3\xA9t\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x99\x82"),
            "plain, \xC3\xA9t\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x99\x82");
  EXPECT_EQ(sb::valid_utf8("cut \xE2\x82"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");  // a tail cut short
  EXPECT_EQ(sb::valid_utf8("\xFF"), "\xEF\xBF\xBD");
  EXPECT_EQ(sb::valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // an overlong '/'
  EXPECT_EQ(sb::valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

}  // namespace
