#include "services/report/document_life_store.h"

#include "absl/strings/str_cat.h"
#include "common/cms_signature.h"
#include "common/dates.h"
#include "common/store_retry.h"
#include "services/report/report_store.h"

namespace dtr::report {
namespace {

// The version's latest state on `conn` (draft when it has no event).
absl::StatusOr<int> StateOn(Connection* conn, const std::string& unit,
                            const std::string& period, int version) {
  auto q = conn->Prepare(
      "SELECT COALESCE(MAX(state), 1) FROM report_events WHERE unit_code = ? "
      "AND period = ? AND version = ?");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, unit);
  (*q)->BindText(2, period);
  (*q)->BindInt(3, version);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>((*q)->ColumnInt(0));
}

absl::Status InsertEvent(Connection* conn, const std::string& unit,
                         const std::string& period, int version, int state,
                         const std::string& number, absl::Time at,
                         const v1::DocumentSignature& signature,
                         const std::string& pdf) {
  auto q = conn->Prepare(
      "INSERT INTO report_events (unit_code, period, version, state, "
      "recorded_at, document_number, signature, sha256, document) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, unit);
  (*q)->BindText(2, period);
  (*q)->BindInt(3, version);
  (*q)->BindInt(4, state);
  (*q)->BindText(5, FormatInstant(at));
  (*q)->BindText(6, number);
  (*q)->BindBlob(7, signature.SerializeAsString());
  (*q)->BindText(8, Sha256Hex(pdf));
  (*q)->BindBlob(9, pdf);
  return (*q)->Step().status();
}

}  // namespace

const char* StateInWords(v1::ReportState state) {
  switch (state) {
    case v1::REPORT_STATE_SIGNED:
      return "signed";
    case v1::REPORT_STATE_ISSUED:
      return "issued";
    default:
      return "a draft";
  }
}

const char DocumentLifeStore::kSchema[] = R"sql(
CREATE TABLE pdf_places (
  unit_code TEXT NOT NULL,
  period    TEXT NOT NULL,
  version   INTEGER NOT NULL,
  places    TEXT NOT NULL,
  PRIMARY KEY (unit_code, period, version)
) WITHOUT ROWID;
CREATE TRIGGER pdf_places_not_updated BEFORE UPDATE ON pdf_places
  BEGIN SELECT RAISE(ABORT, 'archived places are never changed'); END;

CREATE TABLE pending_signatures (
  signing_id TEXT NOT NULL PRIMARY KEY,
  unit_code  TEXT NOT NULL,
  period     TEXT NOT NULL,
  version    INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  signature  BLOB NOT NULL,
  prepared   BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE report_events (
  unit_code       TEXT NOT NULL,
  period          TEXT NOT NULL,
  version         INTEGER NOT NULL,
  state           INTEGER NOT NULL,
  recorded_at     TEXT NOT NULL,
  document_number TEXT NOT NULL,
  signature       BLOB NOT NULL,
  sha256          TEXT NOT NULL,
  document        BLOB NOT NULL,
  PRIMARY KEY (unit_code, period, version, state)
) WITHOUT ROWID;
CREATE TRIGGER report_events_not_updated BEFORE UPDATE ON report_events
  BEGIN SELECT RAISE(ABORT, 'a signed or issued document is never changed'); END;
CREATE TRIGGER report_events_not_deleted BEFORE DELETE ON report_events
  BEGIN SELECT RAISE(ABORT, 'a signed or issued document is never deleted'); END;

CREATE TABLE document_register (
  document_symbol TEXT NOT NULL,
  year            INTEGER NOT NULL,
  number          INTEGER NOT NULL,
  unit_code       TEXT NOT NULL,
  period          TEXT NOT NULL,
  version         INTEGER NOT NULL,
  issued_at       TEXT NOT NULL,
  PRIMARY KEY (document_symbol, year, number)
) WITHOUT ROWID;
CREATE TRIGGER document_register_not_updated BEFORE UPDATE ON document_register
  BEGIN SELECT RAISE(ABORT, 'the register is never changed'); END;
CREATE TRIGGER document_register_not_deleted BEFORE DELETE ON document_register
  BEGIN SELECT RAISE(ABORT, 'the register is never changed'); END;
)sql";

absl::Status DocumentLifeStore::Overlay(Connection* conn, v1::Report* meta) {
  auto q = conn->Prepare(
      "SELECT state, recorded_at, document_number, signature, sha256, "
      "length(document) FROM report_events WHERE unit_code = ? AND period = "
      "? AND version = ? ORDER BY state");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, meta->unit_code());
  (*q)->BindText(2, meta->period());
  (*q)->BindInt(3, meta->version());
  meta->set_state(v1::REPORT_STATE_DRAFT);
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const int state = static_cast<int>((*q)->ColumnInt(0));
    meta->set_state(static_cast<v1::ReportState>(state));
    if (state == v1::REPORT_STATE_ISSUED) {
      meta->set_document_number(std::string((*q)->ColumnText(2)));
      meta->set_issued_at(std::string((*q)->ColumnText(1)));
    }
    v1::DocumentSignature* signature = meta->add_signatures();
    const absl::string_view bytes = (*q)->ColumnBlob(3);
    if (!signature->ParseFromArray(bytes.data(),
                                   static_cast<int>(bytes.size()))) {
      return absl::DataLossError("store: a stored signature is corrupt");
    }
    for (v1::Rendering& r : *meta->mutable_renderings()) {
      if (r.format() != v1::FORMAT_PDF) continue;
      r.set_sha256(std::string((*q)->ColumnText(4)));
      r.set_size((*q)->ColumnInt(5));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> DocumentLifeStore::CurrentPdf(
    Connection* conn, const std::string& unit, const std::string& period,
    int version) {
  auto q = conn->Prepare(
      "SELECT document FROM report_events WHERE unit_code = ? AND period = ? "
      "AND version = ? ORDER BY state DESC LIMIT 1");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, unit);
  (*q)->BindText(2, period);
  (*q)->BindInt(3, version);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(std::string((*q)->ColumnBlob(0)));
}

absl::StatusOr<std::optional<std::string>> DocumentLifeStore::PdfPlaces(
    const std::string& unit, const std::string& period, int version) {
  return RetryTransient([&]() -> absl::StatusOr<std::optional<std::string>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    auto q = (*lease)->Prepare(
        "SELECT places FROM pdf_places WHERE unit_code = ? AND period = ? AND "
        "version = ?");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, unit);
    (*q)->BindText(2, period);
    (*q)->BindInt(3, version);
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(std::string((*q)->ColumnText(0)));
  });
}

absl::StatusOr<int> DocumentLifeStore::LatestIssuedVersion(
    const std::string& unit, const std::string& period) {
  return RetryTransient([&]() -> absl::StatusOr<int> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    auto q = (*lease)->Prepare(
        "SELECT COALESCE(MAX(version), 0) FROM report_events WHERE unit_code "
        "= ? AND period = ? AND state = ?");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, unit);
    (*q)->BindText(2, period);
    (*q)->BindInt(3, v1::REPORT_STATE_ISSUED);
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    return static_cast<int>((*q)->ColumnInt(0));
  });
}

absl::Status DocumentLifeStore::PutPending(const PendingSignature& p) {
  return RetryTransient([&]() -> absl::Status {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    Connection* conn = lease->get();
    WriteTransaction tx(conn);
    if (absl::Status s = tx.Begin(); !s.ok()) return s;
    {
      // Expired preparations go as new ones come.
      auto q =
          conn->Prepare("DELETE FROM pending_signatures WHERE expires_at < ?");
      if (!q.ok()) return q.status();
      (*q)->BindInt(1, absl::ToUnixSeconds(absl::Now()));
      if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    }
    auto q = conn->Prepare(
        "INSERT INTO pending_signatures (signing_id, unit_code, period, "
        "version, expires_at, signature, prepared) VALUES (?, ?, ?, ?, ?, ?, "
        "?)");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, p.signing_id);
    (*q)->BindText(2, p.unit_code);
    (*q)->BindText(3, p.period);
    (*q)->BindInt(4, p.version);
    (*q)->BindInt(5, absl::ToUnixSeconds(p.expires));
    (*q)->BindBlob(6, p.signature.SerializeAsString());
    (*q)->BindBlob(7, p.prepared);
    if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    return tx.Commit();
  });
}

absl::StatusOr<PendingSignature> DocumentLifeStore::GetPending(
    const std::string& signing_id, absl::Time now) {
  return RetryTransient([&]() -> absl::StatusOr<PendingSignature> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    auto q = (*lease)->Prepare(
        "SELECT unit_code, period, version, expires_at, signature, prepared "
        "FROM pending_signatures WHERE signing_id = ?");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, signing_id);
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!*row) {
      return absl::NotFoundError(
          absl::StrCat("signing_id: no prepared signature '", signing_id,
                       "' (completed already, or never prepared)"));
    }
    PendingSignature p;
    p.signing_id = signing_id;
    p.unit_code = std::string((*q)->ColumnText(0));
    p.period = std::string((*q)->ColumnText(1));
    p.version = static_cast<int>((*q)->ColumnInt(2));
    p.expires = absl::FromUnixSeconds((*q)->ColumnInt(3));
    const absl::string_view bytes = (*q)->ColumnBlob(4);
    if (!p.signature.ParseFromArray(bytes.data(),
                                    static_cast<int>(bytes.size()))) {
      return absl::DataLossError("store: a prepared signature is corrupt");
    }
    p.prepared = std::string((*q)->ColumnBlob(5));
    if (p.expires < now) {
      return absl::NotFoundError(absl::StrCat(
          "signing_id: the signature prepared as '", signing_id,
          "' expired at ", FormatInstant(p.expires), "; prepare it again"));
    }
    return p;
  });
}

absl::Status DocumentLifeStore::RecordSigned(
    const PendingSignature& pending, const v1::DocumentSignature& signature,
    const std::string& pdf, absl::Time at) {
  return RetryTransient([&]() -> absl::Status {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    Connection* conn = lease->get();
    WriteTransaction tx(conn);
    if (absl::Status s = tx.Begin(); !s.ok()) return s;
    auto state =
        StateOn(conn, pending.unit_code, pending.period, pending.version);
    if (!state.ok()) return state.status();
    if (*state != v1::REPORT_STATE_DRAFT) {
      return absl::FailedPreconditionError(
          absl::StrCat("version ", pending.version, " of ", pending.unit_code,
                       " ", pending.period, " is ",
                       StateInWords(static_cast<v1::ReportState>(*state)),
                       " already: it is signed once"));
    }
    if (absl::Status s = InsertEvent(conn, pending.unit_code, pending.period,
                                     pending.version, v1::REPORT_STATE_SIGNED,
                                     "", at, signature, pdf);
        !s.ok()) {
      return s;
    }
    auto q =
        conn->Prepare("DELETE FROM pending_signatures WHERE signing_id = ?");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, pending.signing_id);
    if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    return tx.Commit();
  });
}

absl::StatusOr<std::string> DocumentLifeStore::Issue(
    const std::string& unit, const std::string& period, int version,
    const std::string& symbol, int year, bool from_draft, absl::Time at,
    const std::function<absl::StatusOr<IssuedDocument>(
        const std::string&, const std::string&)>& make) {
  return RetryTransient([&]() -> absl::StatusOr<std::string> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    Connection* conn = lease->get();
    WriteTransaction tx(conn);
    if (absl::Status s = tx.Begin(); !s.ok()) return s;
    auto state = StateOn(conn, unit, period, version);
    if (!state.ok()) return state.status();
    if (*state == v1::REPORT_STATE_ISSUED) {
      return absl::FailedPreconditionError(
          absl::StrCat("version ", version, " of ", unit, " ", period,
                       " is issued already; an issued version never changes"));
    }
    if (*state == v1::REPORT_STATE_DRAFT && !from_draft) {
      return absl::FailedPreconditionError(absl::StrCat(
          "version ", version, " of ", unit, " ", period,
          " is not signed: the competent person signs it first (dtctl report "
          "sign), unless the settings say the body issues without a personal "
          "signature"));
    }
    int64_t next = 0;
    {
      auto q = conn->Prepare(
          "SELECT COALESCE(MAX(number), 0) + 1 FROM document_register WHERE "
          "document_symbol = ? AND year = ?");
      if (!q.ok()) return q.status();
      (*q)->BindText(1, symbol);
      (*q)->BindInt(2, year);
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      next = (*q)->ColumnInt(0);
    }
    auto current =
        ReportStore::RenderingOn(conn, unit, period, version, v1::FORMAT_PDF);
    if (!current.ok()) return current.status();
    if (!current->has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "version ", version, " has no PDF; generate the period again"));
    }
    const std::string number = absl::StrCat(next, "/", symbol);
    auto document = make(number, **current);
    if (!document.ok()) return document.status();
    {
      auto q = conn->Prepare(
          "INSERT INTO document_register (document_symbol, year, number, "
          "unit_code, period, version, issued_at) VALUES (?, ?, ?, ?, ?, ?, "
          "?)");
      if (!q.ok()) return q.status();
      (*q)->BindText(1, symbol);
      (*q)->BindInt(2, year);
      (*q)->BindInt(3, next);
      (*q)->BindText(4, unit);
      (*q)->BindText(5, period);
      (*q)->BindInt(6, version);
      (*q)->BindText(7, FormatInstant(at));
      if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    }
    if (absl::Status s =
            InsertEvent(conn, unit, period, version, v1::REPORT_STATE_ISSUED,
                        number, at, document->signature, document->pdf);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = tx.Commit(); !s.ok()) return s;
    return number;
  });
}

}  // namespace dtr::report
