// The deadline of a dtctl call, from its --timeout in seconds.
#ifndef DTR_TOOLS_DTCTL_CALL_DEADLINE_H_
#define DTR_TOOLS_DTCTL_CALL_DEADLINE_H_

#include <chrono>
#include <cstdint>

#include "grpcpp/client_context.h"

namespace dtr::dtctl {

inline void SetDeadline(grpc::ClientContext* context, double seconds) {
  context->set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000)));
}

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_CALL_DEADLINE_H_
