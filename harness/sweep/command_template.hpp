// The placeholders of a command `exec` runs: {threads}, {size} and {stdout} are replaced, {{ and }}
// write literal braces, and any other braces pass through (awk '{print $1}' and the shell's ${FILE}
// are legitimate) unless they look like a mistyped placeholder ({thread}, {Threads}), which is
// refused.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sb {

using Placeholders = std::map<std::string, std::string>;  // name (without braces) -> value

// `text` with every placeholder replaced. Throws ConfigError naming `what` (e.g. "--check") when a
// near-miss of a known placeholder appears, or a known one has no value here.
std::string expand_placeholders(const std::string& text, const Placeholders& values,
                                const std::string& what);

// The same check without values: throws for a near-miss of `known` in `text`.
void check_placeholders(const std::string& text, const std::vector<std::string>& known,
                        const std::string& what);

// `text` as one word of /bin/sh: single-quoted (a file name in --check may hold spaces).
std::string quoted_for_shell(const std::string& text);

// Whether `text` uses placeholder `name`.
bool uses_placeholder(const std::string& text, const std::string& name);

}  // namespace sb
