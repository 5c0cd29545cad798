#include "kernels/pipeline/pipeline.hpp"

namespace sb::pipeline {

void run_seq(Stream& s) {
  for (std::size_t i = 0; i < s.items; ++i) {
    Item item = produce(s, i);
    item.value = transform(s, item.value);
    consume(s, item);
  }
}

}  // namespace sb::pipeline
