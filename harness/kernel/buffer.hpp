// Page-aligned arrays for kernel data. Memory is allocated untouched: kernels first-touch it in
// parallel (see first_touch) so pages land where the workers that use them run.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>

namespace sb {

template <typename T>
class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(std::size_t count) : count_(count) {
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    const std::size_t bytes = count * sizeof(T);
    const std::size_t alignment = bytes >= kHugePage ? kHugePage : 64;
    const std::size_t rounded = (bytes + alignment - 1) / alignment * alignment;
    void* memory = std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
    if (memory == nullptr) throw std::bad_alloc();
    // Large streaming arrays should not pay a TLB miss every 4 KiB.
    if (bytes >= kHugePage) madvise(memory, rounded, MADV_HUGEPAGE);
    data_.reset(static_cast<T*>(memory));
    // Plain numbers stay untouched until first_touch; objects (atomics, slots) are constructed.
    if constexpr (!std::is_trivially_default_constructible_v<T>) {
      std::uninitialized_default_construct_n(data_.get(), count_);
    }
  }

  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  std::size_t size() const { return count_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }

 private:
  static_assert(std::is_trivially_destructible_v<T>, "AlignedBuffer does not run destructors");
  struct Free {
    void operator()(T* p) const { std::free(p); }
  };
  std::unique_ptr<T[], Free> data_;
  std::size_t count_ = 0;
};

}  // namespace sb
