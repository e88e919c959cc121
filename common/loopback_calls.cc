#include "common/loopback_calls.h"

#include <chrono>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "grpcpp/client_context.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/support/byte_buffer.h"

namespace dtr {
namespace {

grpc::ByteBuffer ToBuffer(const google::protobuf::Message& message) {
  const std::string bytes = message.SerializeAsString();
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

bool FromBuffer(const grpc::ByteBuffer& buffer,
                google::protobuf::Message* message) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return false;
  std::string bytes;
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return message->ParseFromString(bytes);
}

// One call on its own completion queue, each step awaited in turn.
class SteppedCall {
 public:
  SteppedCall(grpc::GenericStub* stub, const LoopbackCall& call) {
    context_.set_deadline(std::chrono::system_clock::now() +
                          absl::ToChronoMilliseconds(call.timeout));
    if (!call.identities.empty()) {
      context_.AddMetadata(kForwardedTokenHeader, ForwardedIdentityToken());
      context_.AddMetadata(kForwardedIdentityHeader,
                           absl::StrJoin(call.identities, ","));
    }
    stream_ = stub->PrepareCall(&context_, call.method, &queue_);
  }
  ~SteppedCall() {
    queue_.Shutdown();
    void* tag;
    bool ok;
    while (queue_.Next(&tag, &ok)) {
    }
  }

  bool Start() {
    return Await([&](void* t) { stream_->StartCall(t); });
  }
  bool Write(const google::protobuf::Message& m) {
    const grpc::ByteBuffer buffer = ToBuffer(m);
    return Await([&](void* t) { stream_->Write(buffer, t); });
  }
  bool WritesDone() {
    return Await([&](void* t) { stream_->WritesDone(t); });
  }
  bool Read(google::protobuf::Message* m) {
    grpc::ByteBuffer buffer;
    if (!Await([&](void* t) { stream_->Read(&buffer, t); })) return false;
    return FromBuffer(buffer, m);
  }
  grpc::Status Finish() {
    grpc::Status status;
    Await([&](void* t) { stream_->Finish(&status, t); });
    return status;
  }
  void Cancel() { context_.TryCancel(); }

 private:
  template <typename Op>
  bool Await(Op op) {
    op(this);
    void* tag = nullptr;
    bool ok = false;
    return queue_.Next(&tag, &ok) && ok;
  }

  grpc::ClientContext context_;
  grpc::CompletionQueue queue_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> stream_;
};

}  // namespace

const std::string& ForwardedIdentityToken() {
  static const std::string* token = [] {
    absl::BitGen random;
    return new std::string(absl::StrCat(
        absl::Hex(absl::Uniform<uint64_t>(random), absl::kZeroPad16),
        absl::Hex(absl::Uniform<uint64_t>(random), absl::kZeroPad16)));
  }();
  return *token;
}

LoopbackCalls::LoopbackCalls(std::shared_ptr<grpc::Channel> channel)
    : channel_(std::move(channel)),
      stub_(std::make_unique<grpc::GenericStub>(channel_)) {}

grpc::Status LoopbackCalls::Unary(const LoopbackCall& call,
                                  const google::protobuf::Message& request,
                                  google::protobuf::Message* response) const {
  std::string bytes;
  grpc::Status status = UnaryBytes(call, request, &bytes);
  if (status.ok() && !response->ParseFromString(bytes)) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "the answer could not be read");
  }
  return status;
}

grpc::Status LoopbackCalls::UnaryBytes(const LoopbackCall& call,
                                       const google::protobuf::Message& request,
                                       std::string* response) const {
  // The callback API: no completion queue of its own to make and drain
  // for each call (the hot path of the REST/JSON face).
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoMilliseconds(call.timeout));
  if (!call.identities.empty()) {
    context.AddMetadata(kForwardedTokenHeader, ForwardedIdentityToken());
    context.AddMetadata(kForwardedIdentityHeader,
                        absl::StrJoin(call.identities, ","));
  }
  const grpc::ByteBuffer sent = ToBuffer(request);
  grpc::ByteBuffer received;
  grpc::Status status;
  absl::Notification done;
  stub_->UnaryCall(&context, call.method, grpc::StubOptions(), &sent, &received,
                   [&](grpc::Status s) {
                     status = std::move(s);
                     done.Notify();
                   });
  done.WaitForNotification();
  if (status.ok()) {
    std::vector<grpc::Slice> slices;
    if (!received.Dump(&slices).ok()) {
      return grpc::Status(grpc::StatusCode::INTERNAL,
                          "the answer could not be read");
    }
    for (const grpc::Slice& s : slices) {
      response->append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  return status;
}

grpc::Status LoopbackCalls::ServerStreaming(
    const LoopbackCall& call, const google::protobuf::Message& request,
    google::protobuf::Message* response,
    const std::function<bool(const google::protobuf::Message&)>& on_message)
    const {
  SteppedCall c(stub_.get(), call);
  if (c.Start() && c.Write(request) && c.WritesDone()) {
    while (c.Read(response)) {
      if (!on_message(*response)) {
        c.Cancel();
        break;
      }
    }
  }
  return c.Finish();
}

grpc::Status LoopbackCalls::ClientStreaming(
    const LoopbackCall& call,
    const std::function<Step(google::protobuf::Message*)>& next,
    google::protobuf::Message* request,
    google::protobuf::Message* response) const {
  SteppedCall c(stub_.get(), call);
  bool sent = c.Start();
  while (sent) {
    request->Clear();
    const Step step = next(request);
    if (step == Step::kCancel) {
      c.Cancel();
      return c.Finish();
    }
    if (step == Step::kDone) break;
    sent = c.Write(*request);
  }
  if (sent) {
    c.WritesDone();
    c.Read(response);
  }
  return c.Finish();
}

}  // namespace dtr
