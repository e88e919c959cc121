// Messages of a unary call allocated on an arena of the call's own, for
// the calls whose answers are long lists (a page of ten thousand records):
// every text of every record is then carved from a few large blocks and
// freed with them at the call's end, rather than allocated and freed one
// by one.
//
// A handler must fill such a response in place: assigning a message built
// on the heap to it copies it whole.
//
// Thread-safe: each call gets its own arena.
#ifndef DTR_COMMON_ARENA_MESSAGES_H_
#define DTR_COMMON_ARENA_MESSAGES_H_

#include "google/protobuf/arena.h"
#include "grpcpp/support/message_allocator.h"

namespace dtr {

template <typename Request, typename Response>
class ArenaMessages final : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override {
    return new Holder();
  }

 private:
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options()) {
      this->set_request(
          google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(
          google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    // Blocks grow to 1 MiB: a page of records is a few of them.
    static google::protobuf::ArenaOptions Options() {
      google::protobuf::ArenaOptions options;
      options.max_block_size = 1 << 20;
      return options;
    }
    google::protobuf::Arena arena_;
  };
};

}  // namespace dtr

#endif  // DTR_COMMON_ARENA_MESSAGES_H_
