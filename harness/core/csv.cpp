#include "harness/core/csv.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "harness/core/error.hpp"
#include "harness/core/numbers.hpp"

namespace sb {

const std::string& CsvFile::field(std::size_t row, const std::string& column) const {
  const auto at = std::find(header.begin(), header.end(), column);
  if (at == header.end()) config_error("{} has no column '{}'", path.string(), column);
  return rows.at(row)[static_cast<std::size_t>(at - header.begin())];
}

bool CsvFile::has_column(const std::string& column) const {
  return std::find(header.begin(), header.end(), column) != header.end();
}

CsvFile read_csv(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path)) config_error("cannot read {}", path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 byte order mark

  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, field_started = false;
  std::size_t line = 1;
  auto end_record = [&] {
    record.push_back(field);
    if (!(record.size() == 1 && record[0].empty())) records.push_back(record);  // blank lines
    record.clear();
    field.clear();
    field_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted)
    config_error("{}: a quoted field opened before line {} never closes", path.string(), line);
  if (field_started || !record.empty()) end_record();
  if (records.empty()) config_error("{} is empty", path.string());

  CsvFile csv;
  csv.path = path;
  csv.header = records.front();
  for (std::string& name : csv.header) {
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != csv.header.size()) {
      config_error("{}: row {} has {} fields, the header has {}", path.string(), r,
                   records[r].size(), csv.header.size());
    }
    csv.rows.push_back(std::move(records[r]));
  }
  return csv;
}

double csv_number(const CsvFile& csv, std::size_t row, const std::string& column) {
  const std::string& text = csv.field(row, column);
  const std::optional<double> value = parse_double(text);
  if (!value) {
    config_error("{}: row {} column '{}' is '{}', not a number", csv.path.string(), row + 1, column,
                 text);
  }
  return *value;
}

}  // namespace sb
