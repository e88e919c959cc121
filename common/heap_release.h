// Gives memory the heap no longer uses back to the system.
//
// glibc's allocator keeps what a process frees, for reuse: after a large
// import a service held 100 MiB of which 3 MiB were in use. Two causes, one
// remedy each:
//  - after a large block (an import batch of 16 MiB) is freed, glibc raises
//    the size from which blocks get pages of their own, and with it the
//    free space it leaves at the top of each arena, up to 64 MiB;
//  - free pages between blocks in use are returned only by malloc_trim.
#ifndef DTR_COMMON_HEAP_RELEASE_H_
#define DTR_COMMON_HEAP_RELEASE_H_

#include <cstdint>

namespace dtr {

// Blocks of 1 MiB and more get pages of their own, given back when freed,
// and each arena keeps at most 128 KiB free at its top, whatever was freed
// before. ServiceHost calls it when it is made, before the service's
// threads start.
void LimitHeapRetention();

// Returns the free pages inside every arena to the system (malloc_trim).
// Takes each arena's lock in turn, briefly: fine to run every few seconds.
void ReleaseFreeHeapMemory();

// The bytes of the heap's blocks in use: what a leak grows, unlike the
// resident memory, which also follows how the free space lies (mallinfo2;
// it counts as in use the few blocks each thread keeps for reuse).
// Walks the free lists of every arena: for a gauge every few seconds, not
// for each call.
int64_t HeapInUseBytes();

}  // namespace dtr

#endif  // DTR_COMMON_HEAP_RELEASE_H_
