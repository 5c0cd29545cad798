#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>

#include "kernels/pipeline/pipeline.hpp"

namespace sb::pipeline {

void run_tbb(Stream& s, const Team& team) {
  std::size_t next = 0;
  tbb::parallel_pipeline(
      s.tokens, tbb::make_filter<void, Item>(tbb::filter_mode::serial_in_order,
                                             [&s, &next](tbb::flow_control& control) -> Item {
                                               if (next == s.items) {
                                                 control.stop();
                                                 return {};
                                               }
                                               return produce(s, next++);
                                             }) &
                    tbb::make_filter<Item, Item>(
                        tbb::filter_mode::parallel,
                        [&s, &team](Item item) {
                          team.probe->sample(tbb::this_task_arena::current_thread_index());
                          item.value = transform(s, item.value);
                          return item;
                        }) &
                    tbb::make_filter<Item, void>(tbb::filter_mode::serial_in_order,
                                                 [&s](const Item& item) { consume(s, item); }));
}

}  // namespace sb::pipeline
