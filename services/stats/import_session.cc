#include "services/stats/import_session.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"

namespace dtr::stats {

namespace {

// The day a record's unit is looked up on: the tree as it stood then.
absl::CivilDay DayOf(const DossierRecord& r) {
  return DayFromNumber(r.received_day);
}
absl::CivilDay DayOf(const PaymentRecord& r) {
  return DayFromNumber(r.paid_day);
}

}  // namespace

ImportSession::ImportSession(StatsStore* store,
                             std::shared_ptr<const UnitTree> units,
                             WriteScope scope)
    : store_(store), units_(std::move(units)), scope_(std::move(scope)) {}

template <typename Message, typename Record, typename ToRecord, typename Put>
absl::Status ImportSession::AddRows(
    const google::protobuf::RepeatedPtrField<Message>& rows, ToRecord to_record,
    Put put, const std::string& (Message::*id)() const,
    absl::string_view id_field) {
  std::vector<Record> valid;
  valid.reserve(rows.size());
  // A record twice in one message is a sender's mistake: which version
  // should win is not for the service to guess.
  absl::flat_hash_map<std::string, int64_t> row_of_id;
  Record record;
  FieldError error;
  int64_t row_in_batch = 0;
  for (const Message& row : rows) {
    ledger_.NextRow();
    ++row_in_batch;
    if (!to_record(row, *units_, &record, &error)) {
      ledger_.Reject((row.*id)(), error.field, error.reason);
      continue;
    }
    auto [first, added] = row_of_id.try_emplace((row.*id)(), row_in_batch);
    if (!added) {
      ledger_.Reject((row.*id)(), id_field,
                     absl::StrCat("'", (row.*id)(),
                                  "' appears twice in one message (also its "
                                  "record ",
                                  first->second, ")"));
      continue;
    }
    if (!scope_.Allows(*units_, record.unit_code, DayOf(record))) {
      ledger_.Deny((row.*id)(), "unit_code", scope_.Refusal(record.unit_code));
      continue;
    }
    valid.push_back(record);
  }
  // Refused: roll back at once and free the write lock. Validate-only (or
  // an earlier invalid row without skip_invalid): checked, not written.
  if (ledger_.Refused()) tx_.reset();
  if (!ledger_.ShouldWrite() || valid.empty()) return absl::OkStatus();
  if (tx_ == nullptr) {
    auto tx = store_->BeginWrite();
    if (!tx.ok()) return tx.status();
    tx_ = std::move(*tx);
  }
  // The whole batch in a few statements.
  absl::StatusOr<std::vector<UpsertOutcome>> outcomes = put(tx_.get(), valid);
  if (!outcomes.ok()) return outcomes.status();
  for (UpsertOutcome outcome : *outcomes) ledger_.Count(outcome);
  return absl::OkStatus();
}

absl::Status ImportSession::AddDossiers(
    const google::protobuf::RepeatedPtrField<v1::Dossier>& dossiers) {
  return AddRows<v1::Dossier, DossierRecord>(
      dossiers, ToDossierRecord,
      [](StatsStore::Transaction* tx, const std::vector<DossierRecord>& rows) {
        return tx->PutDossiers(rows);
      },
      &v1::Dossier::dossier_id, "dossier_id");
}

absl::Status ImportSession::AddPayments(
    const google::protobuf::RepeatedPtrField<v1::Payment>& payments) {
  return AddRows<v1::Payment, PaymentRecord>(
      payments, ToPaymentRecord,
      [](StatsStore::Transaction* tx, const std::vector<PaymentRecord>& rows) {
        return tx->PutPayments(rows);
      },
      &v1::Payment::transaction_id, "transaction_id");
}

absl::Status ImportSession::Finish(common::v1::ImportSummary* summary,
                                   common::v1::RowErrors* errors) {
  if (ledger_.Refused()) {
    tx_.reset();
    return ledger_.Refusal(errors);
  }
  if (tx_ != nullptr) {
    if (absl::Status s = tx_->Commit(); !s.ok()) return s;
    tx_.reset();
    changed_store_ = ledger_.changed();
  }
  ledger_.FillSummary(summary);
  return absl::OkStatus();
}

absl::Status AddBatch(ImportSession& s, const v1::ImportDossiersRequest& r) {
  return s.AddDossiers(r.dossiers());
}
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertDossiersRequest& r) {
  return s.AddDossiers(r.dossiers());
}
absl::Status AddBatch(ImportSession& s, const v1::ImportPaymentsRequest& r) {
  return s.AddPayments(r.payments());
}
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertPaymentsRequest& r) {
  return s.AddPayments(r.payments());
}

}  // namespace dtr::stats
