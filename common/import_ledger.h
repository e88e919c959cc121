// The bookkeeping of one import, shared by every service's import sessions:
// rows numbered across all batches of a call, invalid rows listed, outcomes
// counted, and how the import ends.
//
// The rules: without skip_invalid, one invalid row rejects the whole import
// (nothing is written; every row is still checked, so that the caller learns
// about all of them at once); with skip_invalid the valid rows are written
// and the invalid ones listed in the summary; with validate_only nothing is
// written and the invalid rows are listed.
//
// Not thread-safe: one ledger per call.
#ifndef DTR_COMMON_IMPORT_LEDGER_H_
#define DTR_COMMON_IMPORT_LEDGER_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "dtr/common/v1/types.pb.h"

namespace dtr {

// What storing a record did.
enum class UpsertOutcome { kCreated, kUpdated, kUnchanged };

class ImportLedger {
 public:
  // Invalid rows listed in a summary, at most, and their encoded size at
  // most: a response must stay well under gRPC's 4 MiB message limit.
  static constexpr int kMaxListedErrors = 10000;
  static constexpr size_t kMaxListedBytes = 1 << 20;
  // Size of the rows listed in the details of an INVALID_ARGUMENT status,
  // at most: status details travel base64-encoded in a trailer, which peers
  // cap at 8 KiB by default. A caller who needs every row asks again with
  // validate_only.
  static constexpr size_t kMaxStatusDetailBytes = 3000;

  // The first call's options hold for the whole import.
  void SetOptions(const common::v1::ImportOptions& options);
  const common::v1::ImportOptions& options() const { return options_; }

  // Starts the next row.
  void NextRow() { ++rows_; }
  void Reject(absl::string_view record_id, absl::string_view field,
              absl::string_view reason);
  // Rejects a row with a status whose message is "field: reason" (the
  // convention of the services' checks); "row" when it names no field.
  void Reject(absl::string_view record_id, const absl::Status& problem);
  // Refuses a row the caller may not write (its unit is out of the
  // caller's reach): the whole import is refused with PERMISSION_DENIED,
  // skip_invalid or not.
  void Deny(absl::string_view record_id, absl::string_view field,
            absl::string_view reason);
  // The same with a status whose message is "field: reason".
  void Deny(absl::string_view record_id, const absl::Status& problem);
  // Whether a valid row is to be written now.
  bool ShouldWrite() const {
    return !options_.validate_only() && !denied_ &&
           (invalid_ == 0 || options_.skip_invalid());
  }
  // Whether the import as a whole is refused.
  bool Refused() const {
    return invalid_ > 0 && (!options_.skip_invalid() || denied_) &&
           !options_.validate_only();
  }
  void Count(UpsertOutcome outcome);
  // Whether some written row created or changed a record.
  bool changed() const { return changed_; }

  // For a refused import: INVALID_ARGUMENT naming the first invalid row
  // (PERMISSION_DENIED naming the first row out of reach, when there is
  // one), with the first rows (up to kMaxStatusDetailBytes) in `errors`.
  absl::Status Refusal(common::v1::RowErrors* errors);
  // The summary of an import that was not refused.
  void FillSummary(common::v1::ImportSummary* summary);

 private:
  common::v1::ImportOptions options_;
  bool options_set_ = false;
  common::v1::ImportSummary summary_;
  common::v1::RowErrors errors_;
  int64_t rows_ = 0;
  int64_t invalid_ = 0;
  size_t listed_bytes_ = 0;
  bool changed_ = false;
  bool denied_ = false;
  std::string first_denied_;  // "row N: field: reason"
};

}  // namespace dtr

#endif  // DTR_COMMON_IMPORT_LEDGER_H_
