#include "harness/runtime/stdpar_runtime.hpp"

#include "harness/runtime/team_runtime.hpp"

namespace sb {
namespace {

const BackendRegistration registration{
    BackendInfo{kStdpar, "C++17 std::execution",
                [](const Topology& topology, const PinPlan& plan) {
                  return make_tbb_runtime(kStdpar, topology, plan);
                },
                first_touch_tbb}};

}  // namespace
}  // namespace sb
