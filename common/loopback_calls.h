// Calls a service's own methods by name, with messages built at run time
// (the HTTP face's requests), over the server's in-process channel: the
// calls pass the same interceptors (audit, metrics) and handlers as any
// gRPC call, with the HTTP caller's identity forwarded in
// kForwardedIdentityHeader, which the service trusts only beside the
// process's own token (CallerIdentities in policy_enforcer.h).
//
// Thread-safe: each call has its own completion queue.
#ifndef DTR_COMMON_LOOPBACK_CALLS_H_
#define DTR_COMMON_LOOPBACK_CALLS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/generic/generic_stub.h"

namespace dtr {

inline constexpr char kForwardedIdentityHeader[] = "dtr-forwarded-identity";
// Beside it, the token that shows the call comes from this process.
inline constexpr char kForwardedTokenHeader[] = "dtr-forwarded-token";

// A random token made once per process; it never leaves the process.
const std::string& ForwardedIdentityToken();

struct LoopbackCall {
  std::string method;                   // "/pkg.Service/Method"
  std::vector<std::string> identities;  // the HTTP caller's; may be empty
  absl::Duration timeout = absl::Minutes(10);
};

class LoopbackCalls {
 public:
  explicit LoopbackCalls(std::shared_ptr<grpc::Channel> channel);

  grpc::Status Unary(const LoopbackCall& call,
                     const google::protobuf::Message& request,
                     google::protobuf::Message* response) const;
  // The same, the answer left as its wire bytes.
  grpc::Status UnaryBytes(const LoopbackCall& call,
                          const google::protobuf::Message& request,
                          std::string* response) const;

  // A server-streaming call: `on_message` sees each answer as it comes
  // (the same message object, refilled) and may end the call with false.
  grpc::Status ServerStreaming(
      const LoopbackCall& call, const google::protobuf::Message& request,
      google::protobuf::Message* response,
      const std::function<bool(const google::protobuf::Message&)>& on_message)
      const;

  // A client-streaming call: `next` fills the next request (kSend), says
  // there is none left (kDone), or cancels the call (kCancel: what was
  // sent is not applied).
  enum class Step { kSend, kDone, kCancel };
  grpc::Status ClientStreaming(
      const LoopbackCall& call,
      const std::function<Step(google::protobuf::Message*)>& next,
      google::protobuf::Message* request,
      google::protobuf::Message* response) const;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<grpc::GenericStub> stub_;
};

}  // namespace dtr

#endif  // DTR_COMMON_LOOPBACK_CALLS_H_
