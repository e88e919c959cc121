#include "services/security/import_session.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"

namespace dtr::security {
namespace {

// Problems with a row, as opposed to the store failing.
bool IsRowError(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kPermissionDenied:  // out of the writer's units
      return true;
    default:
      return false;
  }
}

}  // namespace

ImportSession::ImportSession(SecurityStore* store,
                             std::shared_ptr<const UnitTree> units,
                             std::shared_ptr<const ControlCatalogue> catalogue,
                             std::string actor, WriteScope scope)
    : store_(store),
      units_(std::move(units)),
      catalogue_(std::move(catalogue)),
      actor_(std::move(actor)),
      scope_(std::move(scope)) {}

void ImportSession::SetContext(const v1::ChangeContext& context) {
  if (context_set_) return;
  context_set_ = true;
  auto effective = EffectiveTimeOf(context);
  if (!effective.ok()) {
    context_error_ = effective.status();
    return;
  }
  effective_ = *effective;
  reason_ = context.reason();
}

template <typename Row, typename Id, typename Put>
absl::Status ImportSession::AddRows(
    const google::protobuf::RepeatedPtrField<Row>& rows, Id id, Put put) {
  if (!context_error_.ok()) return context_error_;
  if (tx_ == nullptr) {
    auto tx = store_->BeginWrite();
    if (!tx.ok()) return tx.status();
    tx_ = std::move(*tx);
    changes_ = std::make_unique<SecurityChanges>(
        tx_.get(), units_.get(), catalogue_.get(),
        Author{actor_, reason_, scope_}, effective_.is_now);
  }
  for (const Row& row : rows) {
    ledger_.NextRow();
    if (absl::Status s = tx_->BeginRow(); !s.ok()) return s;
    absl::StatusOr<UpsertOutcome> outcome = put(*changes_, row);
    if (!outcome.ok() && !IsRowError(outcome.status())) return outcome.status();
    if (absl::Status s = tx_->EndRow(outcome.ok()); !s.ok()) return s;
    if (!outcome.ok()) {
      if (outcome.status().code() == absl::StatusCode::kPermissionDenied) {
        ledger_.Deny(id(row), outcome.status());
      } else {
        ledger_.Reject(id(row), outcome.status());
      }
      continue;
    }
    if (ledger_.ShouldWrite()) ledger_.Count(*outcome);
  }
  return absl::OkStatus();
}

absl::Status ImportSession::AddSystems(
    const google::protobuf::RepeatedPtrField<v1::InformationSystem>& rows) {
  return AddRows(
      rows, [](const v1::InformationSystem& r) { return r.system_id(); },
      [this](SecurityChanges& c, const v1::InformationSystem& r) {
        return c.PutSystem(r, effective_.at);
      });
}

absl::Status ImportSession::AddControls(
    const google::protobuf::RepeatedPtrField<v1::SystemControl>& rows) {
  return AddRows(
      rows,
      [](const v1::SystemControl& r) {
        return absl::StrCat(r.system_id(), "/", r.control_id());
      },
      [this](SecurityChanges& c, const v1::SystemControl& r) {
        return c.PutControl(r, effective_.at);
      });
}

absl::Status ImportSession::AddEndpoints(
    const google::protobuf::RepeatedPtrField<v1::Endpoint>& rows) {
  return AddRows(
      rows, [](const v1::Endpoint& r) { return r.endpoint_id(); },
      [this](SecurityChanges& c, const v1::Endpoint& r) {
        return c.PutEndpoint(r, effective_.at);
      });
}

absl::Status ImportSession::AddIncidents(
    const google::protobuf::RepeatedPtrField<v1::Incident>& rows) {
  return AddRows(
      rows, [](const v1::Incident& r) { return r.incident_id(); },
      [this](SecurityChanges& c, const v1::Incident& r) {
        return c.PutIncident(r, effective_.at);
      });
}

absl::Status ImportSession::Finish(common::v1::ImportSummary* summary,
                                   common::v1::RowErrors* errors) {
  if (!context_error_.ok()) return context_error_;
  const bool keep = ledger_.ShouldWrite();  // not refused, not validating
  if (ledger_.Refused()) {
    changes_.reset();
    tx_.reset();
    return ledger_.Refusal(errors);
  }
  if (tx_ != nullptr && keep) {
    if (absl::Status s = tx_->Commit(); !s.ok()) return s;
    changed_store_ = ledger_.changed();
  }
  changes_.reset();
  tx_.reset();  // a validation is rolled back here
  ledger_.FillSummary(summary);
  return absl::OkStatus();
}

absl::Status AddBatch(ImportSession& s, const v1::ImportSystemsRequest& r) {
  s.SetContext(r.context());
  return s.AddSystems(r.systems());
}
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertSystemsRequest& r) {
  s.SetContext(r.context());
  return s.AddSystems(r.systems());
}
absl::Status AddBatch(ImportSession& s,
                      const v1::ImportSystemControlsRequest& r) {
  s.SetContext(r.context());
  return s.AddControls(r.controls());
}
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertSystemControlsRequest& r) {
  s.SetContext(r.context());
  return s.AddControls(r.controls());
}
absl::Status AddBatch(ImportSession& s, const v1::ImportEndpointsRequest& r) {
  s.SetContext(r.context());
  return s.AddEndpoints(r.endpoints());
}
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertEndpointsRequest& r) {
  s.SetContext(r.context());
  return s.AddEndpoints(r.endpoints());
}
absl::Status AddBatch(ImportSession& s, const v1::ImportIncidentsRequest& r) {
  s.SetContext(r.context());
  return s.AddIncidents(r.incidents());
}
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertIncidentsRequest& r) {
  s.SetContext(r.context());
  return s.AddIncidents(r.incidents());
}

}  // namespace dtr::security
