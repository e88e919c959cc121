#include "services/security/import_kinds.h"

#include "common/field_checks.h"

namespace dtr::security {

SecurityImport::SecurityImport(
    SecurityStore* store, std::shared_ptr<const UnitTree> units,
    std::shared_ptr<const ControlCatalogues> catalogue, std::string actor,
    WriteScope scope)
    : store_(store),
      units_(std::move(units)),
      catalogue_(std::move(catalogue)),
      actor_(std::move(actor)),
      scope_(std::move(scope)) {}

absl::Status SecurityImport::SetContext(const v1::ChangeContext& context) {
  if (!context_set_) {
    context_set_ = true;
    absl::StatusOr<EffectiveTime> effective = EffectiveTimeOf(context);
    if (effective.ok()) {
      effective_ = *effective;
      reason_ = context.reason();
    } else {
      context_error_ = effective.status();
    }
  }
  return context_error_;
}

absl::StatusOr<std::unique_ptr<SecurityImport::Transaction>>
SecurityImport::Begin() {
  auto tx = store_->BeginWrite();
  if (!tx.ok()) return tx.status();
  SecurityChanges changes(tx->get(), units_.get(), catalogue_.get(),
                          Author{actor_, reason_, scope_}, effective_.is_now);
  return std::make_unique<Transaction>(std::move(*tx), std::move(changes));
}

absl::StatusOr<UpsertOutcome> SecurityImport::PutRow(Transaction& tx,
                                                     const PutChange& put) {
  if (absl::Status s = tx.store->BeginRow(); !s.ok()) return s;
  absl::StatusOr<UpsertOutcome> outcome = put(tx.changes, effective_.at);
  // The store failing ends the import; its transaction is abandoned.
  if (!outcome.ok() && !IsRowError(outcome.status())) return outcome;
  if (absl::Status s = tx.store->EndRow(outcome.ok()); !s.ok()) return s;
  return outcome;
}

}  // namespace dtr::security
