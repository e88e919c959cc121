// Limits on what one call may carry, so that no caller can make a service
// hold unbounded work or memory: records per message (a batch of an
// import, a batch upsert) — the message size itself is capped by the
// server (--max-message-bytes).
#ifndef DTR_COMMON_REQUEST_LIMITS_H_
#define DTR_COMMON_REQUEST_LIMITS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace dtr {

// Records one message may carry; dtctl sends 2,000 a message.
inline constexpr int64_t kMaxRecordsPerMessage = 10'000;

// The records of `request`: the elements of its repeated message fields.
int64_t RecordsIn(const google::protobuf::Message& request);

// INVALID_ARGUMENT naming the field when `request` carries more than
// kMaxRecordsPerMessage records.
absl::Status CheckRecordCount(const google::protobuf::Message& request);

}  // namespace dtr

#endif  // DTR_COMMON_REQUEST_LIMITS_H_
