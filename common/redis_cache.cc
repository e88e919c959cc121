#include "common/redis_cache.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "prometheus/family.h"

namespace dtr {
namespace {

// Reads the generation and the answer under it in one round trip.
constexpr char kLookupScript[] =
    "local g = redis.call('GET', KEYS[1]) or '0' "
    "return {g, redis.call('GET', ARGV[1] .. g .. ARGV[2])}";

// Moves the generation past both its value and ARGV[1] (the highest this
// process has seen): a Redis restored from an old snapshot, or one that
// lost the key, never brings back a generation already used.
constexpr char kAdvanceScript[] =
    "local g = tonumber(redis.call('GET', KEYS[1]) or '0') "
    "local floor = tonumber(ARGV[1]) "
    "if g < floor then g = floor end "
    "g = g + 1 "
    "redis.call('SET', KEYS[1], g) "
    "return g";

// Frees a reply when it goes out of scope.
struct ReplyDeleter {
  void operator()(redisReply* r) const {
    if (r != nullptr) freeReplyObject(r);
  }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

Reply Command(redisContext* ctx,
              std::initializer_list<absl::string_view> args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (absl::string_view a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  return Reply(static_cast<redisReply*>(redisCommandArgv(
      ctx, static_cast<int>(argv.size()), argv.data(), lens.data())));
}

}  // namespace

RedisCache::RedisCache(RedisCacheOptions options,
                       prometheus::Registry& registry)
    : options_(std::move(options)), local_(options_.local_bytes) {
  auto& requests = prometheus::BuildCounter()
                       .Name("dtr_cache_requests_total")
                       .Help(
                           "Cache lookups by result: hit, miss, bypass "
                           "(Redis down or disabled), error.")
                       .Register(registry);
  hits_ = &requests.Add({{"result", "hit"}});
  misses_ = &requests.Add({{"result", "miss"}});
  bypassed_ = &requests.Add({{"result", "bypass"}});
  errors_ = &requests.Add({{"result", "error"}});
  local_hits_ = &prometheus::BuildCounter()
                     .Name("dtr_cache_local_hits_total")
                     .Help(
                         "Cache hits served from the process's own memory, "
                         "without asking Redis (counted as hits too).")
                     .Register(registry)
                     .Add({});
  reconnects_ = &prometheus::BuildCounter()
                     .Name("dtr_cache_reconnects_total")
                     .Help("Successful (re)connections to Redis.")
                     .Register(registry)
                     .Add({});
  up_gauge_ = &prometheus::BuildGauge()
                   .Name("dtr_cache_up")
                   .Help("1 while Redis answers, 0 while requests bypass it.")
                   .Register(registry)
                   .Add({});
  if (!enabled()) return;
  size_t colon = options_.address.rfind(':');
  host_ = options_.address.substr(0, colon);
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(options_.address.substr(colon + 1), &port_)) {
    LogError("bad --redis address, cache disabled",
             {{"address", options_.address}});
    host_.clear();
    return;
  }
  // Connect once now, so that a service starts with its cache when Redis
  // is there; the thread takes over if it is not.
  if (TryConnect()) {
    LogInfo("redis connected", {{"redis", options_.address}});
  } else {
    LogWarning("redis unreachable, cache bypassed until it answers",
               {{"redis", options_.address}});
  }
  reconnect_thread_ = std::thread([this] { ReconnectLoop(); });
  if (options_.local_bytes > 0) {
    poll_thread_ = std::thread([this] { PollLoop(); });
  }
}

RedisCache::~RedisCache() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (reconnect_thread_.joinable()) reconnect_thread_.join();
  if (poll_thread_.joinable()) poll_thread_.join();
  absl::MutexLock lock(&mu_);
  for (redisContext* ctx : idle_) redisFree(ctx);
  idle_.clear();
}

bool RedisCache::up() const {
  absl::MutexLock lock(&mu_);
  return up_;
}

std::string RedisCache::GenerationKey() const {
  return absl::StrCat(options_.key_prefix, "generation");
}

redisContext* RedisCache::Connect() const {
  redisContext* ctx = redisConnectWithTimeout(
      host_.c_str(), port_, absl::ToTimeval(options_.connect_timeout));
  if (ctx == nullptr) return nullptr;
  if (ctx->err != 0) {
    redisFree(ctx);
    return nullptr;
  }
  // The connect timeout does not carry over to commands: set it again.
  redisSetTimeout(ctx, absl::ToTimeval(options_.command_timeout));
  redisEnableKeepAlive(ctx);
  return ctx;
}

redisContext* RedisCache::Borrow(absl::Duration wait) {
  {
    absl::MutexLock lock(&mu_);
    if (!up_) return nullptr;
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !up_ || !idle_.empty() || open_ < options_.pool_size;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&available), wait) || !up_) {
      return nullptr;
    }
    if (!idle_.empty()) {
      redisContext* ctx = idle_.back();
      idle_.pop_back();
      return ctx;
    }
    ++open_;
  }
  redisContext* ctx = Connect();
  if (ctx == nullptr) {
    {
      absl::MutexLock lock(&mu_);
      --open_;
    }
    MarkDown("redis unreachable, cache bypassed");
  }
  return ctx;
}

void RedisCache::Return(redisContext* ctx) {
  absl::MutexLock lock(&mu_);
  if (!up_) {
    // Borrowed before an outage: the reconnection opens fresh contexts.
    redisFree(ctx);
    --open_;
    return;
  }
  idle_.push_back(ctx);
}

void RedisCache::MarkDown(absl::string_view why) {
  absl::MutexLock lock(&mu_);
  if (!up_) return;
  up_ = false;
  up_gauge_->Set(0);
  // Every pooled context points at the same server; the reconnection
  // starts afresh and advances the generation first.
  for (redisContext* idle : idle_) redisFree(idle);
  open_ -= static_cast<int>(idle_.size());
  idle_.clear();
  LogWarning(why, {{"redis", options_.address}});
}

void RedisCache::Fail(redisContext* ctx) {
  errors_->Increment();
  redisFree(ctx);
  {
    absl::MutexLock lock(&mu_);
    --open_;
  }
  MarkDown("redis failed, cache bypassed");
}

std::optional<std::string> RedisCache::GetKept(absl::string_view key) {
  if (options_.local_bytes <= 0 || !enabled()) return std::nullopt;
  int64_t newest = 0;
  {
    absl::MutexLock lock(&mu_);
    if (!up_ || absl::Now() - heard_at_ > options_.local_staleness) {
      return std::nullopt;
    }
    newest = floor_;
  }
  std::optional<std::string> kept = local_.Find(key, newest);
  if (kept) {
    hits_->Increment();
    local_hits_->Increment();
  }
  return kept;
}

RedisCache::Lookup RedisCache::Get(absl::string_view key) {
  Lookup result;
  if (std::optional<std::string> kept = GetKept(key)) {
    result.value = std::move(kept);
    return result;
  }
  redisContext* ctx = enabled() ? Borrow(options_.command_timeout) : nullptr;
  if (ctx == nullptr) {
    bypassed_->Increment();
    return result;
  }
  Reply reply = Command(ctx, {"EVAL", kLookupScript, "1", GenerationKey(),
                              options_.key_prefix, absl::StrCat(":", key)});
  if (reply == nullptr || reply->type != REDIS_REPLY_ARRAY ||
      reply->elements != 2) {
    Fail(ctx);
    return result;
  }
  Return(ctx);
  int64_t generation = 0;
  const redisReply* gen = reply->element[0];
  if (gen->type != REDIS_REPLY_STRING ||
      !absl::SimpleAtoi(absl::string_view(gen->str, gen->len), &generation)) {
    errors_->Increment();
    return result;
  }
  if (!Heard(generation, false)) {
    bypassed_->Increment();
    return result;
  }
  const redisReply* value = reply->element[1];
  if (value->type == REDIS_REPLY_STRING) {
    hits_->Increment();
    result.value = std::string(value->str, value->len);
    local_.Put(key, generation, *result.value);
  } else {
    misses_->Increment();
    result.generation = generation;
  }
  return result;
}

void RedisCache::Put(int64_t generation, absl::string_view key,
                     absl::string_view value) {
  {
    absl::MutexLock lock(&mu_);
    // A newer generation exists: the answer may predate a write.
    if (generation < floor_) return;
  }
  redisContext* ctx = enabled() ? Borrow(options_.command_timeout) : nullptr;
  if (ctx == nullptr) return;
  Reply reply = Command(
      ctx,
      {"SET", absl::StrCat(options_.key_prefix, generation, ":", key), value,
       "EX", absl::StrCat(absl::ToInt64Seconds(options_.value_ttl))});
  if (reply == nullptr || reply->type == REDIS_REPLY_ERROR) {
    Fail(ctx);
    return;
  }
  Return(ctx);
  local_.Put(key, generation, value);
}

void RedisCache::BumpGeneration() {
  if (!enabled()) return;
  // A write must not be acknowledged while the cache may still serve
  // answers from before it: when the bump cannot be made, the cache goes
  // down, and the reconnection advances the generation before it is used.
  redisContext* ctx = Borrow(options_.bump_wait);
  if (ctx == nullptr) {
    MarkDown("generation not bumped, cache bypassed");
    return;
  }
  Reply reply = Command(ctx, {"INCR", GenerationKey()});
  if (reply == nullptr || reply->type != REDIS_REPLY_INTEGER) {
    Fail(ctx);
    return;
  }
  Return(ctx);
  Heard(reply->integer, true);
}

bool RedisCache::Heard(int64_t generation, bool bumped) {
  bool went_back = false, advanced = false;
  {
    absl::MutexLock lock(&mu_);
    // Redis went back in time (restored, or the key was lost) without this
    // process seeing a disconnection: nothing cached under it is safe. A
    // bump must make a generation nobody has read yet.
    went_back = bumped ? generation <= floor_ : generation < floor_;
    if (!went_back) {
      advanced = generation > floor_;
      floor_ = generation;
      heard_at_ = absl::Now();
    }
  }
  if (went_back) {
    MarkDown("redis generation went back, cache bypassed");
    return false;
  }
  // Older answers are never found again; their memory goes now.
  if (advanced) local_.DropBefore(generation);
  return true;
}

void RedisCache::PollLoop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_;
      };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping),
                               options_.generation_poll)) {
        return;
      }
      if (!up_) continue;
    }
    redisContext* ctx = Borrow(options_.command_timeout);
    if (ctx == nullptr) continue;
    Reply reply = Command(ctx, {"GET", GenerationKey()});
    int64_t generation = 0;
    if (reply == nullptr ||
        (reply->type != REDIS_REPLY_STRING && reply->type != REDIS_REPLY_NIL)) {
      Fail(ctx);
      continue;
    }
    Return(ctx);
    if (reply->type == REDIS_REPLY_STRING &&
        !absl::SimpleAtoi(absl::string_view(reply->str, reply->len),
                          &generation)) {
      errors_->Increment();
      continue;
    }
    Heard(generation, false);
  }
}

bool RedisCache::TryConnect() {
  redisContext* ctx = Connect();
  if (ctx == nullptr) return false;
  int64_t floor;
  {
    absl::MutexLock lock(&mu_);
    floor = floor_;
  }
  Reply reply = Command(
      ctx, {"EVAL", kAdvanceScript, "1", GenerationKey(), absl::StrCat(floor)});
  if (reply == nullptr || reply->type != REDIS_REPLY_INTEGER) {
    redisFree(ctx);
    return false;
  }
  absl::MutexLock lock(&mu_);
  floor_ = std::max(floor_, static_cast<int64_t>(reply->integer));
  heard_at_ = absl::Now();
  idle_.push_back(ctx);
  ++open_;
  up_ = true;
  up_gauge_->Set(1);
  reconnects_->Increment();
  return true;
}

void RedisCache::ReconnectLoop() {
  absl::Duration backoff = options_.initial_backoff;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto needed = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !up_;
      };
      mu_.Await(absl::Condition(&needed));
      if (stopping_) return;
    }
    if (TryConnect()) {
      backoff = options_.initial_backoff;
      LogInfo("redis reconnected", {{"redis", options_.address}});
      continue;
    }
    absl::MutexLock lock(&mu_);
    auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return stopping_;
    };
    if (mu_.AwaitWithTimeout(absl::Condition(&stopping), backoff)) return;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

}  // namespace dtr
