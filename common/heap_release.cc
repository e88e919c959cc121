#include "common/heap_release.h"

#include <malloc.h>

namespace dtr {

void LimitHeapRetention() {
  // Setting either threshold turns glibc's raising of both off.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 10);
}

void ReleaseFreeHeapMemory() { malloc_trim(0); }

int64_t HeapInUseBytes() {
  const struct mallinfo2 info = mallinfo2();
  // Blocks with pages of their own (hblkhd) are in use until freed.
  return static_cast<int64_t>(info.uordblks + info.hblkhd);
}

}  // namespace dtr
