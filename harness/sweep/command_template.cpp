#include "harness/sweep/command_template.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "harness/core/error.hpp"

namespace sb {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Levenshtein distance, for names of a dozen letters.
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The known name `inside` (the text between braces) was probably meant to be, if any: the same
// name in other case or with surrounding spaces, or one or two letters off. Words that are not
// identifiers ("print $1") are never near-misses.
std::optional<std::string> near_miss(const std::string& inside,
                                     const std::vector<std::string>& known) {
  std::string word = inside;
  word.erase(0, word.find_first_not_of(' '));
  word.erase(word.find_last_not_of(' ') + 1);
  if (word.empty() || !std::all_of(word.begin(), word.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
      }))
    return std::nullopt;
  if (std::find(known.begin(), known.end(), inside) != known.end()) return std::nullopt;
  for (const std::string& name : known) {
    const std::string candidate = lower(word);
    // Up to two letters off a long name; a short one only in another case or spacing ({Size}):
    // {site} and {sine} are words, not typos of {size}.
    const std::size_t allowed = name.size() >= 6 ? 2 : 0;
    if (candidate == name || distance(candidate, name) <= allowed) return name;
  }
  return std::nullopt;
}

// "${NAME}" is the shell's, passed through untouched.
bool shell_variable(const std::string& text, std::size_t brace) {
  return brace > 0 && text[brace - 1] == '$';
}

std::vector<std::string> names_of(const Placeholders& values) {
  std::vector<std::string> names{"threads", "size", "stdout", "ranks"};
  for (const auto& [name, value] : values) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

}  // namespace

std::string expand_placeholders(const std::string& text, const Placeholders& values,
                                const std::string& what) {
  check_placeholders(text, names_of(values), what);
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "}}") == 0) {
      out += text[i];
      i += 2;
      continue;
    }
    if (text[i] == '{' && !shell_variable(text, i)) {
      const std::size_t close = text.find('}', i + 1);
      if (close != std::string::npos) {
        const std::string name = text.substr(i + 1, close - i - 1);
        const auto found = values.find(name);
        if (found != values.end()) {
          out += found->second;
          i = close + 1;
          continue;
        }
        const std::vector<std::string> all = names_of(values);
        if (std::find(all.begin(), all.end(), name) != all.end())
          config_error("{} uses {{{}}}, which has no value there", what, name);
      }
    }
    out += text[i++];
  }
  return out;
}

void check_placeholders(const std::string& text, const std::vector<std::string>& known,
                        const std::string& what) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "}}") == 0) {
      ++i;
      continue;
    }
    if (text[i] != '{' || shell_variable(text, i)) continue;
    const std::size_t close = text.find('}', i + 1);
    if (close == std::string::npos) return;
    const std::string inside = text.substr(i + 1, close - i - 1);
    if (const std::optional<std::string> meant = near_miss(inside, known)) {
      config_error("{} has {{{}}}: did you mean {{{}}}? (write {{{{ and }}}} for literal braces)",
                   what, inside, *meant);
    }
    i = close;
  }
}

bool uses_placeholder(const std::string& text, const std::string& name) {
  const std::string wanted = "{" + name + "}";
  for (std::size_t at = text.find(wanted); at != std::string::npos;
       at = text.find(wanted, at + 1)) {
    // "{{threads}}" is the literal text {threads}, and "${threads}" a shell variable.
    if (at == 0 || (text[at - 1] != '{' && text[at - 1] != '$')) return true;
  }
  return false;
}

std::string quoted_for_shell(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace sb
