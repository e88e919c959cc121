#include "common/store_retry.h"

#include "absl/strings/cord.h"

namespace dtr {
namespace {
constexpr char kTransientPayload[] = "dtr.store/transient";
}  // namespace

absl::Status MarkTransient(absl::Status status) {
  if (!status.ok()) status.SetPayload(kTransientPayload, absl::Cord("1"));
  return status;
}

bool IsTransient(const absl::Status& status) {
  return !status.ok() && status.GetPayload(kTransientPayload).has_value();
}

}  // namespace dtr
