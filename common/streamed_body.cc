#include "common/streamed_body.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace dtr {

absl::Status ConsumeStreamedBody(
    const httplib::ContentReader& reader, absl::Time drain_until,
    const std::function<void(std::FILE* body, const std::atomic<bool>& cut)>&
        consume) {
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
    return absl::InternalError(
        absl::StrCat("socketpair: ", std::strerror(errno)));
  }
  std::FILE* body = fdopen(ends[0], "r");
  if (body == nullptr) {
    const int error = errno;
    close(ends[0]);
    close(ends[1]);
    return absl::InternalError(absl::StrCat("fdopen: ", std::strerror(error)));
  }
  std::atomic<bool> cut{false};
  // Closing its end when done makes the feeder's next send fail (EPIPE, or
  // ECONNRESET with bytes left unread): the rest of the body is then
  // dropped as it is read, until drain_until.
  std::thread consumer([&] {
    consume(body, cut);
    std::fclose(body);
  });
  bool whole = false;
  bool consumed = false;  // the consumer closed its end before the body's
  try {
    whole = reader([&](const char* data, size_t length) {
      while (length > 0) {
        if (consumed) return absl::Now() < drain_until;
        const ssize_t sent = send(ends[1], data, length, MSG_NOSIGNAL);
        if (sent < 0) {
          if (errno == EINTR) continue;
          if (errno != EPIPE && errno != ECONNRESET) return false;
          consumed = true;
          continue;
        }
        data += sent;
        length -= static_cast<size_t>(sent);
      }
      return true;
    });
  } catch (...) {
    // The consumer must end before the exception leaves: cut, so that it
    // applies nothing.
    cut = true;
    close(ends[1]);
    consumer.join();
    throw;
  }
  // Before the end of input is seen: the consumer reads `cut` after it.
  if (!whole) cut = true;
  close(ends[1]);
  consumer.join();
  return absl::OkStatus();
}

}  // namespace dtr
