// The unary calls of every service, the same way everywhere: a read off
// the gRPC threads (ReadCall), its answer from the cache when the cache has
// it (CachedRead), a single change holding the write slot (WriteCall), and
// an answer known at once (AnswerNow). Each says how the call ends with an
// absl::Status, which becomes the gRPC status here (the codes are the
// same).
//
// Free functions; the calls they start are independent of each other.
#ifndef DTR_COMMON_UNARY_CALLS_H_
#define DTR_COMMON_UNARY_CALLS_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "common/service_env.h"
#include "grpcpp/support/server_callback.h"
#include "grpcpp/support/status.h"

namespace dtr {

// gRPC's status for an absl::Status.
grpc::Status ToGrpcStatus(const absl::Status& status);

// A call answered at once, on the gRPC thread: for checks that fail before
// any work, and answers from memory (the catalogue, the unit tree).
grpc::ServerUnaryReactor* AnswerNow(grpc::CallbackServerContext* context,
                                    const absl::Status& status);

// A read: `read` runs on `reads` (never on a gRPC thread) and says how the
// call ends; skipped, CANCELLED, when the caller gave up meanwhile.
grpc::ServerUnaryReactor* ReadCall(Executor* reads,
                                   grpc::CallbackServerContext* context,
                                   std::function<absl::Status()> read);

// A single change (create, update, a step of a life cycle): `apply` runs on
// the write executor holding a write slot, in its own transaction, and
// says how the call ends; after a success, the write path's AfterCommit
// runs before the reply.
grpc::ServerUnaryReactor* WriteCall(const WritePath* writes,
                                    grpc::CallbackServerContext* context,
                                    std::function<absl::Status()> apply);

// Fills `response` from the cache under `key` when the cache has it;
// otherwise with what `compute` (absl::StatusOr<Response>()) gives, timed
// as the service's `operation`, and caches that under the generation the
// lookup saw. Keys say everything an answer depends on but the store, whose
// every write bumps the generation. Runs on a read executor.
template <typename Response, typename Compute>
absl::Status CachedRead(const ServiceEnv& env, const std::string& key,
                        const std::string& operation, Response* response,
                        Compute compute) {
  RedisCache::Lookup cached = env.cache->Get(key);
  if (cached.value && response->ParseFromString(*cached.value)) {
    return absl::OkStatus();
  }
  const absl::Time start = absl::Now();
  absl::StatusOr<Response> answer = compute();
  env.metrics->ObserveOperation(operation, absl::Now() - start);
  if (!answer.ok()) return answer.status();
  *response = std::move(*answer);
  if (cached.generation) {
    env.cache->Put(*cached.generation, key, response->SerializeAsString());
  }
  return absl::OkStatus();
}

// Fills `response` from the answers the process keeps in memory
// (redis_cache.h) when it holds this one; never waits, so the gRPC thread
// may answer at once without handing the call to an executor.
template <typename Response>
bool KeptAnswer(const ServiceEnv& env, const std::string& key,
                Response* response) {
  if (env.cache == nullptr) return false;
  std::optional<std::string> kept = env.cache->GetKept(key);
  return kept && response->ParseFromString(*kept);
}

}  // namespace dtr

#endif  // DTR_COMMON_UNARY_CALLS_H_
