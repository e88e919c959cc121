// Limits on what one call may carry, so that no caller can make a service
// hold unbounded work or memory, nor store a text no report could show:
// records per message (a batch of an import, a batch upsert) and bytes per
// text field — the message size itself is capped by the server
// (--max-message-bytes).
#ifndef DTR_COMMON_REQUEST_LIMITS_H_
#define DTR_COMMON_REQUEST_LIMITS_H_

#include <cstddef>
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

// Bytes a text field of a record may hold (ids are held to 128 characters
// by the services' own checks). Narratives are not records: the report
// service has its own, larger, limit.
inline constexpr size_t kMaxFieldBytes = 2'000;

// INVALID_ARGUMENT naming the field's path ("systems[3].name") when a
// string field of `message`, at any depth, holds more than kMaxFieldBytes;
// a record's row in the whole import is named too, counting the message's
// first record as row `first_row`.
absl::Status CheckFieldLengths(const google::protobuf::Message& message,
                               int64_t first_row = 1);

// Both checks above.
absl::Status CheckRequestLimits(const google::protobuf::Message& request,
                                int64_t first_row = 1);

}  // namespace dtr

#endif  // DTR_COMMON_REQUEST_LIMITS_H_
