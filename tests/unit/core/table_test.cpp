#include "harness/core/table.hpp"

#include <gtest/gtest.h>

#include "harness/core/error.hpp"

namespace sb {
namespace {

Table sample() {
  return {{{"name"}, {"seconds", 2}, {"threads"}},
          {{std::string("a"), 0.125, 2LL}, {std::string("b, c"), 2.675, 4LL}}};
}

TEST(Table, RoundsLikePythonsRound) {
  EXPECT_EQ(round_to(2.675, 2), 2.67);  // 2.675 is stored just below 2.675
  EXPECT_EQ(round_to(0.125, 2), 0.12);  // exactly half: to even
  EXPECT_EQ(round_to(1.5, 0), 2.0);
}

TEST(Table, RendersTheSameRowsAsJsonCsvAndMarkdown) {
  const nlohmann::json json = to_json(sample());
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[0]["name"], "a");
  EXPECT_EQ(json[1]["threads"], 4);
  EXPECT_EQ(to_csv(sample()), "name,seconds,threads\na,0.12,2\n\"b, c\",2.67,4\n");
  const std::string md = to_markdown(sample());
  EXPECT_NE(md.find("| name | seconds | threads |"), std::string::npos) << md;
  EXPECT_NE(md.find("| b, c | 2.67 | 4 |"), std::string::npos) << md;
  EXPECT_EQ(render(sample(), Format::csv), to_csv(sample()));
}

TEST(Table, FormatParsesItsOwnNamesAndRefusesOthers) {
  for (Format f : {Format::json, Format::csv, Format::md}) EXPECT_EQ(parse_format(format_as(f)), f);
  EXPECT_THROW(parse_format("xml"), ConfigError);
}

}  // namespace
}  // namespace sb
