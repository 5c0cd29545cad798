// Text that came from outside (a program's stderr, a thread's name, a cut at a byte count) as valid
// UTF-8, so that results.json, which must be UTF-8, can always hold it.
#pragma once

#include <string>
#include <string_view>

namespace sb {

// `text` with every byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace sb
