// The answers a process served lately, kept in its own memory in front of
// Redis (redis_cache.h): a repeated query then costs no round trip. Each
// answer is kept with the cache generation it was computed under, and
// found only under that generation, so a write's bump retires every older
// answer here as it does in Redis. Bounded by bytes: past the bound, the
// oldest answers go first.
//
// Thread-safe.
#ifndef DTR_COMMON_LOCAL_ANSWERS_H_
#define DTR_COMMON_LOCAL_ANSWERS_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace dtr {

class LocalAnswers {
 public:
  // `max_bytes`: keys and answers held at most; 0 keeps nothing.
  explicit LocalAnswers(int64_t max_bytes) : max_bytes_(max_bytes) {}

  // The answer kept for `key` under `generation`, if any.
  std::optional<std::string> Find(absl::string_view key, int64_t generation);
  // Keeps `value` for `key` under `generation` (replacing any other).
  void Put(absl::string_view key, int64_t generation, absl::string_view value);
  // Drops every answer older than `generation`.
  void DropBefore(int64_t generation);

  int64_t bytes() const;

 private:
  struct Answer {
    int64_t generation;
    std::string value;
  };
  static int64_t SizeOf(absl::string_view key, const Answer& answer) {
    return static_cast<int64_t>(key.size() + answer.value.size());
  }

  const int64_t max_bytes_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Answer> answers_ ABSL_GUARDED_BY(mu_);
  // Keys in the order they were put, for eviction; a key put again or
  // dropped leaves its old place here, skipped when reached.
  std::deque<std::pair<std::string, int64_t>> order_ ABSL_GUARDED_BY(mu_);
  int64_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace dtr

#endif  // DTR_COMMON_LOCAL_ANSWERS_H_
