// A small typed table and its three renderings (JSON, CSV, Markdown), so every command that
// prints rows offers --format json|csv|md with the same rounding everywhere.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sb {

enum class Format { json, csv, md };

constexpr std::string_view format_as(Format format) {
  switch (format) {
    case Format::json:
      return "json";
    case Format::csv:
      return "csv";
    case Format::md:
      return "md";
  }
  return "?";
}

Format parse_format(std::string_view text);  // throws ConfigError

struct Column {
  std::string name;
  int decimals = -1;  // numbers are rounded to this many places; -1: integers or text
};

using Cell = std::variant<std::string, double, long long>;

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
};

// Rounds to `decimals` places the way Python's round() does (correctly rounded decimal).
double round_to(double value, int decimals);

nlohmann::json to_json(const Table& table);  // a list of objects keyed by column name
std::string to_csv(const Table& table);
std::string to_markdown(const Table& table);
// Text as one Markdown table cell: '|' escaped, line breaks as spaces (user text stays inside).
std::string markdown_cell(std::string_view text);
std::string render(const Table& table, Format format);

}  // namespace sb
