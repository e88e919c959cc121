// One import of dossiers or payments: rows numbered across all batches of a
// stream, checked, and written in one transaction.
//
// Without skip_invalid, the first invalid row rolls the transaction back
// and releases the write lock; the remaining rows are still checked, so
// that the caller learns about every invalid row at once, and nothing is
// written. With skip_invalid the valid rows are written and the invalid
// ones reported in the summary. With validate_only nothing is written.
//
// Not thread-safe: one session per call, fed one batch at a time.
#ifndef DTR_SERVICES_STATS_IMPORT_SESSION_H_
#define DTR_SERVICES_STATS_IMPORT_SESSION_H_

#include <memory>

#include "absl/status/status.h"
#include "common/unit_tree.h"
#include "dtr/common/v1/types.pb.h"
#include "dtr/stats/v1/stats.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {

class ImportSession {
 public:
  // Invalid rows listed in a summary (a validate-only or skip-invalid
  // import), at most, and their encoded size at most: a response must stay
  // well under gRPC's 4 MiB message limit.
  static constexpr int kMaxListedErrors = 10000;
  static constexpr size_t kMaxListedBytes = 1 << 20;
  // Size of the rows listed in the details of an INVALID_ARGUMENT status,
  // at most: status details travel base64-encoded in a trailer, which peers
  // cap at 8 KiB by default. A caller who needs every row asks again with
  // validate_only.
  static constexpr size_t kMaxStatusDetailBytes = 3000;

  ImportSession(StatsStore* store, std::shared_ptr<const UnitTree> units);

  // Options apply from the first batch on; later ones are ignored.
  void SetOptions(const common::v1::ImportOptions& options);

  // An error here is the store's (unavailable, full): the import is over.
  absl::Status AddDossiers(
      const google::protobuf::RepeatedPtrField<v1::Dossier>& dossiers);
  absl::Status AddPayments(
      const google::protobuf::RepeatedPtrField<v1::Payment>& payments);

  // Commits and fills `summary` (with validate_only: fills it, listing the
  // invalid rows). When rows were invalid (without skip_invalid or
  // validate_only): INVALID_ARGUMENT naming the first, with the first of
  // them (up to kMaxStatusDetailBytes) in `errors`.
  absl::Status Finish(common::v1::ImportSummary* summary,
                      common::v1::RowErrors* errors);

  bool validate_only() const { return options_.validate_only(); }

  // True once a commit changed some record.
  bool changed_store() const { return changed_store_; }

 private:
  template <typename Message, typename Record, typename ToRecord, typename Put>
  absl::Status AddRows(const google::protobuf::RepeatedPtrField<Message>& rows,
                       ToRecord to_record, Put put,
                       const std::string& (Message::*id)() const);
  void Reject(const std::string& record_id, const FieldError& error);

  StatsStore* store_;
  std::shared_ptr<const UnitTree> units_;
  common::v1::ImportOptions options_;
  bool options_set_ = false;
  std::unique_ptr<StatsStore::Transaction> tx_;
  common::v1::ImportSummary summary_;
  common::v1::RowErrors errors_;
  int64_t rows_ = 0;
  int64_t invalid_ = 0;
  size_t listed_bytes_ = 0;
  bool changed_ = false;
  bool changed_store_ = false;
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_IMPORT_SESSION_H_
