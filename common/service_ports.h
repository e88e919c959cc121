// The ports dtr's services listen on unless told otherwise, in one place:
// gRPC 7101 to 7104 and Prometheus /metrics 9101 to 9104, for stats,
// security, workforce and report. The services' mains, the report
// service's calls, dtctl and the benchmarks take their defaults from here;
// the Kubernetes manifests and the Dockerfile's EXPOSE say the same. The
// REST/JSON face is off unless --http-listen is given; `make run`, the
// manifests and the Dockerfile put it on 8101 to 8104.
#ifndef DTR_COMMON_SERVICE_PORTS_H_
#define DTR_COMMON_SERVICE_PORTS_H_

#include <string>

#include "absl/strings/str_cat.h"

namespace dtr {

struct ServicePorts {
  int grpc = 0;
  int metrics = 0;
};

inline constexpr ServicePorts kStatsPorts{7101, 9101};
inline constexpr ServicePorts kSecurityPorts{7102, 9102};
inline constexpr ServicePorts kWorkforcePorts{7103, 9103};
inline constexpr ServicePorts kReportPorts{7104, 9104};

// "0.0.0.0:PORT": what a service listens on.
inline std::string AnyAddress(int port) {
  return absl::StrCat("0.0.0.0:", port);
}
// "localhost:PORT": where a client finds a service on its own machine.
inline std::string LocalAddress(int port) {
  return absl::StrCat("localhost:", port);
}

}  // namespace dtr

#endif  // DTR_COMMON_SERVICE_PORTS_H_
