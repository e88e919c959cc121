#include "common/listen_check.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace dtr {

absl::Status CheckCanListen(absl::string_view flag,
                            const std::string& address) {
  auto refuse = [&](absl::string_view why) {
    return absl::UnavailableError(
        absl::StrCat("--", flag, " ", address, ": ", why));
  };
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return refuse("expected HOST:PORT, e.g. 0.0.0.0:7101");
  }
  if (port == 0) return absl::OkStatus();  // any free port
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(),
                  &hints, &found) != 0 ||
      found == nullptr) {
    return refuse("not an address of this machine");
  }
  absl::Status status = absl::OkStatus();
  for (addrinfo* a = found; a != nullptr && status.ok(); a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    // As servers bind: an address whose old connections linger in
    // TIME_WAIT is free.
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0) {
      const int error = errno;
      if (error == EADDRINUSE) {
        status = refuse(
            "the port is in use by another process (another dtr service?); "
            "stop it, or give this one another address");
      } else if (error == EADDRNOTAVAIL) {
        status = refuse("not an address of this machine");
      } else if (error == EACCES) {
        status = refuse("not allowed to listen on this port");
      } else {
        status = refuse(std::strerror(error));
      }
    }
    close(fd);
  }
  freeaddrinfo(found);
  return status;
}

}  // namespace dtr
