// Calls a service's own methods by name, with messages built at run time
// (the HTTP face's requests), over the service's loopback channel (a Unix
// socket only the service's user reaches): the calls pass the same
// limits, audit and metrics as any gRPC call, with the HTTP caller's
// identity forwarded in kForwardedIdentityHeader, which the service
// trusts from that socket only (CallerIdentities in policy_enforcer.h).
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
