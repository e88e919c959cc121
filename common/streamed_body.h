// A request body consumed as it arrives. The HTTP handler's thread reads
// the connection into one end of a socket pair while `consume` reads the
// other end as a FILE* on a thread of its own: an import of any size holds
// one batch of rows in memory, not its body, and the socket pair's buffer
// holds the sender back while the import catches up.
#ifndef DTR_COMMON_STREAMED_BODY_H_
#define DTR_COMMON_STREAMED_BODY_H_

#include <atomic>
#include <cstdio>
#include <functional>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "httplib.h"

namespace dtr {

// Runs `consume(body, cut)` and feeds it the body `reader` reads; returns
// once both are done. At the end of `body`, `cut` tells whether the body
// ended early (the client went away, the connection failed): what was read
// is then not the whole body. When `consume` returns before the end (a
// refused row), the rest of the body is read and dropped until
// `drain_until`, so that the next request on the kept-alive connection
// starts where it should (cpp-httplib keeps it open whatever the answer
// says); a body still coming then is left unread. An error only when the
// socket pair cannot be made.
absl::Status ConsumeStreamedBody(
    const httplib::ContentReader& reader, absl::Time drain_until,
    const std::function<void(std::FILE* body, const std::atomic<bool>& cut)>&
        consume);

}  // namespace dtr

#endif  // DTR_COMMON_STREAMED_BODY_H_
