// A CSV reader for user files (RFC 4180: quoted fields, doubled quotes, CRLF or LF).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sb {

struct CsvFile {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // every row has header.size() fields
  // The row's field for a column; throws ConfigError naming the file, row and column.
  const std::string& field(std::size_t row, const std::string& column) const;
  bool has_column(const std::string& column) const;
  std::filesystem::path path;
};

// Throws ConfigError (one line, naming the file and row) on unreadable or malformed input.
CsvFile read_csv(const std::filesystem::path& path);

// Parses a number from a field; throws ConfigError naming file, row and column.
double csv_number(const CsvFile& csv, std::size_t row, const std::string& column);

}  // namespace sb
