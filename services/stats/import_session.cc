#include "services/stats/import_session.h"

#include "absl/strings/str_cat.h"

namespace dtr::stats {

ImportSession::ImportSession(StatsStore* store,
                             std::shared_ptr<const UnitTree> units)
    : store_(store), units_(std::move(units)) {}

void ImportSession::SetOptions(const common::v1::ImportOptions& options) {
  if (options_set_) return;
  options_ = options;
  options_set_ = true;
}

void ImportSession::Reject(const std::string& record_id,
                           const FieldError& error) {
  ++invalid_;
  if (errors_.errors_size() >= kMaxListedErrors ||
      listed_bytes_ >= kMaxListedBytes) {
    errors_.set_truncated(true);
    return;
  }
  common::v1::RowError* e = errors_.add_errors();
  e->set_row(rows_);
  e->set_field(error.field);
  e->set_reason(error.reason);
  e->set_record_id(record_id);
  listed_bytes_ += e->ByteSizeLong();
}

template <typename Message, typename Record, typename ToRecord, typename Put>
absl::Status ImportSession::AddRows(
    const google::protobuf::RepeatedPtrField<Message>& rows, ToRecord to_record,
    Put put, const std::string& (Message::*id)() const) {
  options_set_ = true;
  Record record;
  FieldError error;
  for (const Message& row : rows) {
    ++rows_;
    if (!to_record(row, *units_, &record, &error)) {
      Reject((row.*id)(), error);
      if (!options_.skip_invalid()) tx_.reset();  // roll back at once
      continue;
    }
    // Keep checking after a rejection, but write nothing more.
    if (options_.validate_only() ||
        (invalid_ > 0 && !options_.skip_invalid())) {
      continue;
    }
    if (tx_ == nullptr) {
      auto tx = store_->BeginWrite();
      if (!tx.ok()) return tx.status();
      tx_ = std::move(*tx);
    }
    absl::StatusOr<UpsertOutcome> outcome = put(tx_.get(), record);
    if (!outcome.ok()) return outcome.status();
    switch (*outcome) {
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
  return absl::OkStatus();
}

absl::Status ImportSession::AddDossiers(
    const google::protobuf::RepeatedPtrField<v1::Dossier>& dossiers) {
  return AddRows<v1::Dossier, DossierRecord>(
      dossiers, ToDossierRecord,
      [](StatsStore::Transaction* tx, const DossierRecord& r) {
        return tx->PutDossier(r);
      },
      &v1::Dossier::dossier_id);
}

absl::Status ImportSession::AddPayments(
    const google::protobuf::RepeatedPtrField<v1::Payment>& payments) {
  return AddRows<v1::Payment, PaymentRecord>(
      payments, ToPaymentRecord,
      [](StatsStore::Transaction* tx, const PaymentRecord& r) {
        return tx->PutPayment(r);
      },
      &v1::Payment::transaction_id);
}

absl::Status ImportSession::Finish(common::v1::ImportSummary* summary,
                                   common::v1::RowErrors* errors) {
  if (invalid_ > 0 && !options_.skip_invalid() && !options_.validate_only()) {
    tx_.reset();
    const common::v1::RowError& first = errors_.errors(0);
    std::string message = absl::StrCat("row ", first.row(), ": ", first.field(),
                                       ": ", first.reason());
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
    return absl::InvalidArgumentError(message);
  }
  if (tx_ != nullptr) {
    if (absl::Status s = tx_->Commit(); !s.ok()) return s;
    tx_.reset();
    changed_store_ = changed_;
  }
  summary_.set_rows(rows_);
  summary_.set_rejected(invalid_);
  *summary_.mutable_rejected_rows() = std::move(*errors_.mutable_errors());
  summary_.set_committed(!options_.validate_only());
  *summary = std::move(summary_);
  return absl::OkStatus();
}

}  // namespace dtr::stats
