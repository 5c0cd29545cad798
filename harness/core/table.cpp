#include "harness/core/table.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "harness/core/error.hpp"

namespace sb {

Format parse_format(std::string_view text) {
  for (Format format : {Format::json, Format::csv, Format::md}) {
    if (format_as(format) == text) return format;
  }
  config_error("unknown format '{}' (expected json, csv or md)", text);
}

double round_to(double value, int decimals) {
  return std::strtod(fmt::format("{:.{}f}", value, decimals).c_str(), nullptr);
}

namespace {

nlohmann::json cell_json(const Cell& cell, const Column& column) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  if (const auto* integer = std::get_if<long long>(&cell)) return *integer;
  const double value = std::get<double>(cell);
  return column.decimals >= 0 ? round_to(value, column.decimals) : value;
}

std::string cell_text(const Cell& cell, const Column& column) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  if (const auto* integer = std::get_if<long long>(&cell)) return std::to_string(*integer);
  const double value = std::get<double>(cell);
  // Shortest text that reads back as the rounded value: 0.5 stays 0.5, not 0.5000.
  return fmt::format("{}", column.decimals >= 0 ? round_to(value, column.decimals) : value);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

nlohmann::json to_json(const Table& table) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : table.rows) {
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      object[table.columns[c].name] = cell_json(row[c], table.columns[c]);
    }
    rows.push_back(std::move(object));
  }
  return rows;
}

std::string to_csv(const Table& table) {
  std::string out;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c) out += ',';
    out += csv_field(table.columns[c].name);
  }
  out += "\n";
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (c) out += ',';
      out += csv_field(cell_text(row[c], table.columns[c]));
    }
    out += "\n";
  }
  return out;
}

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|')
      out += "\\|";
    else
      out += (ch == '\n' || ch == '\r') ? ' ' : ch;
  }
  return out;
}

std::string to_markdown(const Table& table) {
  std::string out = "|", rule = "|";
  for (const Column& column : table.columns) {
    out += ' ';
    out += column.name;
    out += " |";
    rule += column.decimals >= 0 ? "---:|" : "---|";
  }
  out += "\n" + rule + "\n";
  for (const auto& row : table.rows) {
    out += "|";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      out += ' ' + markdown_cell(cell_text(row[c], table.columns[c])) + " |";
    }
    out += "\n";
  }
  return out;
}

std::string render(const Table& table, Format format) {
  switch (format) {
    case Format::json:
      return to_json(table).dump(2) + "\n";
    case Format::csv:
      return to_csv(table);
    case Format::md:
      return to_markdown(table);
  }
  return {};
}

}  // namespace sb
