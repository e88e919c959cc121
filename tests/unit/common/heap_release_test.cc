#include "common/heap_release.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include "gtest/gtest.h"
#include "tests/proc_status.h"

namespace dtr {
namespace {

// The sanitizers bring an allocator of their own, which glibc's settings
// and malloc_trim do not reach.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kGlibcAllocator = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kGlibcAllocator = false;
#else
constexpr bool kGlibcAllocator = true;
#endif
#else
constexpr bool kGlibcAllocator = true;
#endif

// Makes the compiler keep an allocation it would otherwise remove, with
// its writes, as unused.
void Escape(void* p) { asm volatile("" : : "r"(p) : "memory"); }

// This process's own resident memory (heap and stacks), in KiB.
int64_t OwnResidentKib() { return testing::ProcStatusKib("self", "RssAnon"); }

TEST(HeapReleaseTest, FreePagesBetweenBlocksInUseGoBackToTheSystem) {
  if (!kGlibcAllocator) GTEST_SKIP() << "not glibc's allocator";
  LimitHeapRetention();
  // 64 MiB in 2 KiB blocks, of which one in 64 stays: the freed ones
  // coalesce into free runs of 126 KiB, each held in place by a block in
  // use, so glibc cannot give them back by shrinking the heap.
  constexpr int kBlocks = 32768;
  constexpr size_t kBlockBytes = 2048;
  std::vector<char*> blocks(kBlocks);
  const int64_t before = OwnResidentKib();
  for (char*& b : blocks) {
    b = static_cast<char*>(std::malloc(kBlockBytes));
    std::memset(b, 1, kBlockBytes);
    Escape(b);
  }
  for (int i = 0; i < kBlocks; ++i) {
    if (i % 64 != 0) {
      std::free(blocks[i]);
      blocks[i] = nullptr;
    }
  }
  const int64_t freed = OwnResidentKib();
  ASSERT_GT(freed - before, 48 * 1024)
      << "freeing gave the pages back by itself: nothing left to test";

  ReleaseFreeHeapMemory();
  const int64_t released = OwnResidentKib();
  std::printf(
      "own memory: %lld KiB before, %lld after freeing, %lld after "
      "the release\n",
      static_cast<long long>(before), static_cast<long long>(freed),
      static_cast<long long>(released));
  EXPECT_LT(released - before, 8 * 1024);
  for (char* b : blocks) std::free(b);
}

TEST(HeapReleaseTest, LargeBlocksFreedAreNotKeptForReuse) {
  if (!kGlibcAllocator) GTEST_SKIP() << "not glibc's allocator";
  LimitHeapRetention();
  const int64_t before = OwnResidentKib();
  // Without the limit, glibc answers the second 8 MiB block from the heap
  // (the first one, freed, raised its threshold) and keeps it after.
  for (int round = 0; round < 3; ++round) {
    char* block = static_cast<char*>(std::malloc(8 << 20));
    std::memset(block, 1, 8 << 20);
    Escape(block);
    std::free(block);
  }
  EXPECT_LT(OwnResidentKib() - before, 2 * 1024);
}

TEST(HeapReleaseTest, MeasuresTheBlocksInUse) {
  if (!kGlibcAllocator) GTEST_SKIP() << "not glibc's allocator";
  const int64_t before = HeapInUseBytes();
  std::vector<char*> blocks(16384);
  for (char*& b : blocks) {
    b = static_cast<char*>(std::malloc(2048));
    Escape(b);
  }
  EXPECT_GE(HeapInUseBytes() - before, 32 << 20);
  for (char* b : blocks) std::free(b);
  EXPECT_LT(HeapInUseBytes() - before, 1 << 20);
}

}  // namespace
}  // namespace dtr
