// Registration of the pipeline kernel.
#include "kernels/pipeline/pipeline.hpp"

#include <algorithm>

#include "harness/kernel/buffer.hpp"

namespace sb::pipeline {
namespace {

int rounds_param(const KernelConfig& config, const std::string& name) {
  return static_cast<int>(config.param(name));
}

class PipelineInstance : public KernelInstance {
 public:
  PipelineInstance(const KernelConfig& config, const Team& team) : team_(team) {
    stream_.items = config.size;
    stream_.tokens = static_cast<std::size_t>(config.param("tokens"));
    stream_.seed = config.seed;
    stream_.input_work = rounds_param(config, "input_work");
    stream_.middle_work = rounds_param(config, "middle_work");
    stream_.output_work = rounds_param(config, "output_work");
    out_ = AlignedBuffer<std::uint64_t>(stream_.items);
    slots_ = AlignedBuffer<Slot>(stream_.tokens);
    expected_ = AlignedBuffer<std::uint64_t>(stream_.items);
    stream_.out = out_.data();
    stream_.slots = slots_.data();
    for (std::size_t i = 0; i < stream_.items; ++i) expected_[i] = expected_output(stream_, i);
  }

  void reset() override {
    std::fill(out_.data(), out_.data() + stream_.items, 0);
    reset_counts(stream_);
  }

  std::function<void()> variant(const VariantSpec& spec) override {
    return by_backend(spec.backend, {{Backend::seq, [this] { run_seq(stream_); }},
                                     {Backend::omp, [this] { run_omp(stream_, team_); }},
                                     {Backend::tbb, [this] { run_tbb(stream_, team_); }}});
  }

  Verdict verify(std::uint64_t runs) override {
    return pipeline::verify(stream_, expected_.data(), runs);
  }
  void corrupt_output() override { out_[stream_.items / 2] ^= 1; }

 private:
  Team team_;
  Stream stream_;
  AlignedBuffer<std::uint64_t> out_, expected_;
  AlignedBuffer<Slot> slots_;
};

const KernelRegistration registration{KernelInfo{
    .name = "pipeline",
    .summary =
        "serial-parallel-serial stream: pipeline speedup under in-order stages and a token limit",
    .size_unit = "items",
    .default_size = 16384,
    .quick_size = 2048,
    .bytes_per_element = 0,
    .flops_per_element = 0,
    .footprint_bytes_per_element = 16,
    .params = {{"tokens", 8, 1, 1 << 20, "most items in flight at once"},
               {"input_work", 64, 0, 1e7, "splitmix rounds in the serial input stage"},
               {"middle_work", 4096, 0, 1e7, "splitmix rounds in the parallel middle stage"},
               {"output_work", 64, 0, 1e7, "splitmix rounds in the serial output stage"}},
    .variants = {{Backend::seq, "reference"},
                 {Backend::omp, "task_depend"},
                 {Backend::tbb, "parallel_pipeline"}},
    .create = create_instance<PipelineInstance>}};

}  // namespace
}  // namespace sb::pipeline
