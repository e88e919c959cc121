// Whether a service can listen on an address before it tries: a port
// another process holds is refused with an error naming the flag and the
// address, rather than shared. (gRPC would otherwise bind it too, with
// SO_REUSEPORT, and the kernel would hand calls to both processes in
// turns; the metrics server says only "null context when constructing
// CivetServer".)
//
// A pure function over the system's sockets; thread-safe.
#ifndef DTR_COMMON_LISTEN_CHECK_H_
#define DTR_COMMON_LISTEN_CHECK_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dtr {

// OK when `address` (HOST:PORT, as --listen takes it; port 0: any) can be
// bound now; otherwise UNAVAILABLE "--FLAG ADDRESS: ..." saying why (in
// use, not an address of this machine, not HOST:PORT) and what to do.
absl::Status CheckCanListen(absl::string_view flag, const std::string& address);

}  // namespace dtr

#endif  // DTR_COMMON_LISTEN_CHECK_H_
