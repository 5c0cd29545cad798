#include "harness/core/csv.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/core/error.hpp"
#include "tests/support/temp_path.hpp"

namespace sb {
namespace {

std::filesystem::path write(const std::string& name, const std::string& text) {
  const std::filesystem::path path = test::temp_path("csv-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(Csv, ReadsQuotedFieldsDoubledQuotesAndCrlf) {
  const CsvFile csv = read_csv(write("quoted", "name,note\r\na,\"x, \"\"y\"\"\"\r\nb,plain\r\n"));
  ASSERT_EQ(csv.header, (std::vector<std::string>{"name", "note"}));
  ASSERT_EQ(csv.rows.size(), 2u);
  EXPECT_EQ(csv.field(0, "note"), "x, \"y\"");
  EXPECT_EQ(csv.field(1, "name"), "b");
  EXPECT_TRUE(csv.has_column("note"));
  EXPECT_FALSE(csv.has_column("other"));
}

TEST(Csv, NumbersAndMissingColumnsAreConfigErrorsNamingTheColumn) {
  const CsvFile csv = read_csv(write("numbers", "threads,seconds\n2,0.5\n4,abc\n"));
  EXPECT_EQ(csv_number(csv, 0, "seconds"), 0.5);
  try {
    csv_number(csv, 1, "seconds");
    ADD_FAILURE() << "accepted abc";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("seconds"), std::string::npos) << e.what();
  }
  EXPECT_THROW(csv.field(0, "missing"), ConfigError);
}

TEST(Csv, RaggedRowsAndMissingFilesAreRefused) {
  EXPECT_THROW(read_csv(write("ragged", "a,b\n1\n")), ConfigError);
  EXPECT_THROW(read_csv(test::temp_path("csv-missing")), ConfigError);
}

}  // namespace
}  // namespace sb
