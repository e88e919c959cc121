// Cache-aside for query answers in Redis, correct across writes and outages.
//
// Keys carry a generation number kept in Redis; every committed write bumps
// it (BumpGeneration) before it is acknowledged, so a reader that starts
// after the acknowledgement looks under the new generation and misses every
// older answer. An answer computed while a write lands is stored under the
// generation read before computing, which nobody reads any more: no stale
// figure survives a write.
//
// Redis is never a reason to fail a call. While it is down, lookups and
// stores are skipped at once (the caller computes from the store) and a
// background thread reconnects with exponential backoff. On every
// (re)connection the generation is advanced first, past the highest this
// process has seen, so that answers cached before an outage, a crash
// between a commit and its bump, or a Redis restart from an old snapshot
// are never served; a generation lower than one already seen marks the
// cache down the same way. A write whose bump cannot be made marks the
// cache down too, rather than be acknowledged with old answers in place.
//
// In front of Redis, each process keeps the answers it served lately in
// its own memory (local_answers.h), under the generation they were
// computed under. It serves one only while that generation is the newest
// it knows and it has heard from Redis within `local_staleness` (one
// second): a background poll reads the generation every `generation_poll`
// (250 ms), so a write made through another process is seen here within
// that time, and a write made here bumps the generation before it is
// acknowledged, so this process never serves an answer older than its own
// last write. While Redis is down nothing is served from memory either.
//
// hiredis contexts are not thread-safe and are unusable after an error: the
// cache keeps a bounded pool of them, hands each to one caller at a time, and
// drops a context on its first error. Thread-safe.
#ifndef DTR_COMMON_REDIS_CACHE_H_
#define DTR_COMMON_REDIS_CACHE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/local_answers.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

struct redisContext;

namespace dtr {

struct RedisCacheOptions {
  // "host:port"; empty disables the cache (every lookup misses, nothing is
  // stored).
  std::string address;
  // Prefix of every key, e.g. "dtr:stats:".
  std::string key_prefix;
  // Most connections open at once.
  int pool_size = 8;
  absl::Duration connect_timeout = absl::Milliseconds(250);
  absl::Duration command_timeout = absl::Milliseconds(250);
  // How long an answer is kept; older generations expire by themselves.
  absl::Duration value_ttl = absl::Hours(1);
  // How long a write waits for a connection to bump the generation before
  // it marks the cache down instead.
  absl::Duration bump_wait = absl::Seconds(1);
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
  // Answers kept in the process's memory, in bytes; 0: none.
  int64_t local_bytes = 32 << 20;
  // How often the generation is read, and how long after the last reading
  // the answers in memory are still served.
  absl::Duration generation_poll = absl::Milliseconds(250);
  absl::Duration local_staleness = absl::Seconds(1);
};

class RedisCache {
 public:
  RedisCache(RedisCacheOptions options, prometheus::Registry& registry);
  ~RedisCache();

  RedisCache(const RedisCache&) = delete;
  RedisCache& operator=(const RedisCache&) = delete;

  struct Lookup {
    // The cached answer, on a hit.
    std::optional<std::string> value;
    // On a miss with Redis up: the generation to Put the answer under.
    std::optional<int64_t> generation;
  };
  // From the process's memory when it holds the answer, else one round
  // trip: reads the generation and the key under it together.
  Lookup Get(absl::string_view key);
  // The answer in the process's memory, if it holds one it may serve;
  // never waits for Redis, so a gRPC thread may ask.
  std::optional<std::string> GetKept(absl::string_view key);

  // Stores an answer computed after Get returned `generation`.
  void Put(int64_t generation, absl::string_view key, absl::string_view value);

  // Called after every committed write, before acknowledging it.
  void BumpGeneration();

  bool enabled() const { return !options_.address.empty(); }
  // True while Redis answers.
  bool up() const;

 private:
  // A pooled context, waiting up to `wait` for one; null while Redis is
  // down or when none came free.
  redisContext* Borrow(absl::Duration wait);
  void Return(redisContext* ctx);
  // Drops a context after an error and marks the cache down.
  void Fail(redisContext* ctx);
  // Bypasses the cache until the reconnection thread has advanced the
  // generation on a fresh connection.
  void MarkDown(absl::string_view why);
  redisContext* Connect() const;
  // Connects, bumps the generation and marks the cache up; false if Redis
  // does not answer.
  bool TryConnect();
  void ReconnectLoop();
  // Reads the generation every generation_poll while Redis is up.
  void PollLoop();
  // A generation read from Redis (by a lookup, a bump or the poll): the
  // newest known if it is not lower than the floor; false (and the cache
  // marked down) when Redis went back.
  bool Heard(int64_t generation, bool bumped);
  std::string GenerationKey() const;

  const RedisCacheOptions options_;
  std::string host_;
  int port_ = 0;

  mutable absl::Mutex mu_;
  std::vector<redisContext*> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  bool up_ ABSL_GUARDED_BY(mu_) = false;
  // The highest generation this process has read or made: a lower one in
  // Redis means Redis lost writes, and nothing cached under it is used.
  int64_t floor_ ABSL_GUARDED_BY(mu_) = 0;
  // When the floor was last read from Redis or made there.
  absl::Time heard_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread reconnect_thread_;
  std::thread poll_thread_;
  LocalAnswers local_;

  prometheus::Counter* hits_;
  prometheus::Counter* local_hits_;
  prometheus::Counter* misses_;
  prometheus::Counter* bypassed_;
  prometheus::Counter* errors_;
  prometheus::Counter* reconnects_;
  prometheus::Gauge* up_gauge_;
};

}  // namespace dtr

#endif  // DTR_COMMON_REDIS_CACHE_H_
