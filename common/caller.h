// Who calls a service: the identity the caller declares in the `dtr-actor`
// metadata, with its address; its address alone otherwise. Until callers
// are authenticated, the declared identity is not verified.
#ifndef DTR_COMMON_CALLER_H_
#define DTR_COMMON_CALLER_H_

#include <string>

#include "grpcpp/server_context.h"

namespace dtr {

std::string CallerOf(const grpc::CallbackServerContext* context);

}  // namespace dtr

#endif  // DTR_COMMON_CALLER_H_
