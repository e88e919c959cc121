#include "common/import_ledger.h"

#include "absl/strings/str_cat.h"

namespace dtr {

void ImportLedger::SetOptions(const common::v1::ImportOptions& options) {
  if (options_set_) return;
  options_ = options;
  options_set_ = true;
}

void ImportLedger::Reject(absl::string_view record_id, absl::string_view field,
                          absl::string_view reason) {
  options_set_ = true;
  ++invalid_;
  if (errors_.errors_size() >= kMaxListedErrors ||
      listed_bytes_ >= kMaxListedBytes) {
    errors_.set_truncated(true);
    return;
  }
  common::v1::RowError* e = errors_.add_errors();
  e->set_row(rows_);
  e->set_field(std::string(field));
  e->set_reason(std::string(reason));
  e->set_record_id(std::string(record_id));
  listed_bytes_ += e->ByteSizeLong();
}

void ImportLedger::Reject(absl::string_view record_id,
                          const absl::Status& problem) {
  const absl::string_view message = problem.message();
  const size_t colon = message.find(": ");
  // A field name is one word: "unit_code: unknown unit 'X'".
  if (colon == absl::string_view::npos ||
      message.substr(0, colon).find(' ') != absl::string_view::npos) {
    Reject(record_id, "row", message);
    return;
  }
  Reject(record_id, message.substr(0, colon), message.substr(colon + 2));
}

void ImportLedger::Count(UpsertOutcome outcome) {
  switch (outcome) {
    case UpsertOutcome::kCreated:
      summary_.set_created(summary_.created() + 1);
      changed_ = true;
      break;
    case UpsertOutcome::kUpdated:
      summary_.set_updated(summary_.updated() + 1);
      changed_ = true;
      break;
    case UpsertOutcome::kUnchanged:
      summary_.set_unchanged(summary_.unchanged() + 1);
      break;
  }
}

void ImportLedger::Deny(absl::string_view record_id, absl::string_view field,
                        absl::string_view reason) {
  if (!denied_) {
    first_denied_ = absl::StrCat("row ", rows_, ": ", field, ": ", reason);
  }
  denied_ = true;
  Reject(record_id, field, reason);
}

void ImportLedger::Deny(absl::string_view record_id,
                        const absl::Status& problem) {
  const absl::string_view message = problem.message();
  const size_t colon = message.find(": ");
  if (colon == absl::string_view::npos) {
    Deny(record_id, "row", message);
    return;
  }
  Deny(record_id, message.substr(0, colon), message.substr(colon + 2));
}

absl::Status ImportLedger::Refusal(common::v1::RowErrors* errors) {
  const common::v1::RowError& first = errors_.errors(0);
  std::string message = denied_
                            ? first_denied_
                            : absl::StrCat("row ", first.row(), ": ",
                                           first.field(), ": ", first.reason());
  if (invalid_ > 1) {
    absl::StrAppend(&message, " (", invalid_,
                    " invalid rows in all; nothing was imported)");
  } else {
    absl::StrAppend(&message, " (nothing was imported)");
  }
  // The first rows, as many as fit in a trailer.
  int keep = 0;
  size_t bytes = 0;
  while (keep < errors_.errors_size() &&
         bytes + errors_.errors(keep).ByteSizeLong() + 4 <=
             kMaxStatusDetailBytes) {
    bytes += errors_.errors(keep).ByteSizeLong() + 4;
    ++keep;
  }
  if (keep < errors_.errors_size()) {
    errors_.mutable_errors()->DeleteSubrange(keep,
                                             errors_.errors_size() - keep);
    errors_.set_truncated(true);
  }
  *errors = std::move(errors_);
  return denied_ ? absl::PermissionDeniedError(message)
                 : absl::InvalidArgumentError(message);
}

void ImportLedger::FillSummary(common::v1::ImportSummary* summary) {
  summary_.set_rows(rows_);
  summary_.set_rejected(invalid_);
  *summary_.mutable_rejected_rows() = std::move(*errors_.mutable_errors());
  summary_.set_committed(!options_.validate_only());
  *summary = std::move(summary_);
}

}  // namespace dtr
