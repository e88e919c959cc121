#include "services/report/report_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/store_retry.h"
#include "services/report/contribution_request_store.h"
#include "services/report/contribution_store.h"
#include "services/report/document_life_store.h"
#include "services/report/period_lock_store.h"

namespace dtr::report {
namespace {

constexpr char kSchemaV1[] = R"sql(
CREATE TABLE narratives (
  unit_code TEXT NOT NULL,
  period    TEXT NOT NULL,
  section   TEXT NOT NULL,
  body      BLOB NOT NULL,
  PRIMARY KEY (unit_code, period, section)
) WITHOUT ROWID;

CREATE TABLE published_figures (
  unit_code TEXT NOT NULL,
  period    TEXT NOT NULL,
  figure    TEXT NOT NULL,
  body      BLOB NOT NULL,
  PRIMARY KEY (unit_code, period, figure)
) WITHOUT ROWID;

CREATE TABLE report_settings (
  unit_code TEXT NOT NULL PRIMARY KEY,
  body      BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE reports (
  unit_code    TEXT NOT NULL,
  period       TEXT NOT NULL,
  version      INTEGER NOT NULL,
  generated_at TEXT NOT NULL,
  meta         BLOB NOT NULL,
  figures      TEXT NOT NULL,
  PRIMARY KEY (unit_code, period, version)
) WITHOUT ROWID;
CREATE TRIGGER reports_not_updated BEFORE UPDATE ON reports
  BEGIN SELECT RAISE(ABORT, 'archived reports are never changed'); END;
CREATE TRIGGER reports_not_deleted BEFORE DELETE ON reports
  BEGIN SELECT RAISE(ABORT, 'archived reports are never deleted'); END;

CREATE TABLE renderings (
  unit_code TEXT NOT NULL,
  period    TEXT NOT NULL,
  version   INTEGER NOT NULL,
  format    INTEGER NOT NULL,
  sha256    TEXT NOT NULL,
  body      BLOB NOT NULL,
  PRIMARY KEY (unit_code, period, version, format)
) WITHOUT ROWID;
CREATE TRIGGER renderings_not_updated BEFORE UPDATE ON renderings
  BEGIN SELECT RAISE(ABORT, 'archived renderings are never changed'); END;
CREATE TRIGGER renderings_not_deleted BEFORE DELETE ON renderings
  BEGIN SELECT RAISE(ABORT, 'archived renderings are never deleted'); END;
)sql";

template <typename Message>
absl::StatusOr<Message> Decode(absl::string_view bytes) {
  Message m;
  if (!m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("store: a stored report record is corrupt");
  }
  return m;
}

// Runs `sql` with text parameters, collecting the first column of each row
// decoded as a Message.
template <typename Message>
absl::StatusOr<std::vector<Message>> ReadAll(
    Database* db, absl::string_view sql,
    const std::vector<std::string>& params) {
  return RetryTransient([&]() -> absl::StatusOr<std::vector<Message>> {
    auto lease = db->Acquire();
    if (!lease.ok()) return lease.status();
    auto q = (*lease)->Prepare(sql);
    if (!q.ok()) return q.status();
    for (size_t i = 0; i < params.size(); ++i) {
      (*q)->BindText(static_cast<int>(i + 1), params[i]);
    }
    std::vector<Message> out;
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      auto m = Decode<Message>((*q)->ColumnBlob(0));
      if (!m.ok()) return m.status();
      out.push_back(std::move(*m));
    }
    return out;
  });
}

// A unit's settings as versions, each from the day it starts ('' for the
// settings written before they were dated, in force from the start).
constexpr char kSettingsByDay[] = R"sql(
CREATE TABLE report_settings_by_day (
  unit_code  TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  body       BLOB NOT NULL,
  PRIMARY KEY (unit_code, valid_from)
) WITHOUT ROWID;

INSERT INTO report_settings_by_day (unit_code, valid_from, body)
  SELECT unit_code, '', body FROM report_settings;
DROP TABLE report_settings;
ALTER TABLE report_settings_by_day RENAME TO report_settings;
)sql";

absl::Status PutNarrativeOn(Connection* conn, const v1::Narrative& n) {
  auto q = conn->Prepare(
      "INSERT INTO narratives (unit_code, period, section, body) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (unit_code, period, section) "
      "DO UPDATE SET body = excluded.body");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, n.unit_code());
  (*q)->BindText(2, n.period());
  (*q)->BindText(3, n.section());
  (*q)->BindBlob(4, n.SerializeAsString());
  return (*q)->Step().status();
}

}  // namespace

const std::vector<Migration>& ReportStore::Migrations() {
  static const auto* migrations = new std::vector<Migration>{
      {1, "narratives, settings and the report archive", kSchemaV1},
      {2, "the life of a version: signatures, issuing, the register",
       DocumentLifeStore::kSchema},
      {3, "the units' contributions and their steps",
       ContributionStore::kSchema},
      {4, "the requests for the units' contributions",
       ContributionRequestStore::kSchema},
      {5, "periods closed by hand and exceptions to the locks",
       PeriodLockStore::kSchema},
      {6, "report settings dated: a version a day it starts on",
       kSettingsByDay}};
  return *migrations;
}

absl::Status ReportStore::PutNarrative(const v1::Narrative& narrative) {
  return RetryTransient([&]() -> absl::Status {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    WriteTransaction tx(lease->get());
    if (absl::Status s = tx.Begin(); !s.ok()) return s;
    if (absl::Status s = PutNarrativeOn(lease->get(), narrative); !s.ok()) {
      return s;
    }
    return tx.Commit();
  });
}

absl::StatusOr<std::optional<v1::Narrative>> ReportStore::GetNarrative(
    const std::string& unit, const std::string& period,
    const std::string& section) {
  return RetryTransient([&]() -> absl::StatusOr<std::optional<v1::Narrative>> {
    auto found = ReadAll<v1::Narrative>(
        db_,
        "SELECT body FROM narratives WHERE unit_code = ? AND period = ? AND "
        "section = ?",
        {unit, period, section});
    if (!found.ok()) return found.status();
    if (found->empty()) return std::optional<v1::Narrative>();
    return std::optional<v1::Narrative>(std::move(found->front()));
  });
}

absl::StatusOr<std::vector<v1::Narrative>> ReportStore::ListNarratives(
    const std::string& unit, const std::string& period) {
  return ReadAll<v1::Narrative>(
      db_, "SELECT body FROM narratives WHERE unit_code = ? AND period = ?",
      {unit, period});
}

absl::Status ReportStore::ImportNarratives(
    const std::string& unit, const std::string& period,
    const std::vector<v1::Narrative>& sections,
    const std::optional<std::vector<v1::PublishedFigure>>& published) {
  return RetryTransient([&]() -> absl::Status {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    Connection* conn = lease->get();
    WriteTransaction tx(conn);
    if (absl::Status s = tx.Begin(); !s.ok()) return s;
    for (const v1::Narrative& n : sections) {
      if (absl::Status s = PutNarrativeOn(conn, n); !s.ok()) return s;
    }
    if (published) {
      {
        auto clear = conn->Prepare(
            "DELETE FROM published_figures WHERE unit_code = ? AND period = ?");
        if (!clear.ok()) return clear.status();
        (*clear)->BindText(1, unit);
        (*clear)->BindText(2, period);
        if (absl::Status s = (*clear)->Step().status(); !s.ok()) return s;
      }
      for (const v1::PublishedFigure& f : *published) {
        auto q = conn->Prepare(
            "INSERT INTO published_figures (unit_code, period, figure, body) "
            "VALUES (?, ?, ?, ?)");
        if (!q.ok()) return q.status();
        (*q)->BindText(1, unit);
        (*q)->BindText(2, period);
        (*q)->BindText(3, f.figure());
        (*q)->BindBlob(4, f.SerializeAsString());
        if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
      }
    }
    return tx.Commit();
  });
}

absl::StatusOr<std::vector<v1::PublishedFigure>> ReportStore::ListPublished(
    const std::string& unit, const std::string& period) {
  return ReadAll<v1::PublishedFigure>(
      db_,
      "SELECT body FROM published_figures WHERE unit_code = ? AND period = ? "
      "ORDER BY figure",
      {unit, period});
}

absl::Status ReportStore::PutSettings(const v1::ReportSettings& settings) {
  return RetryTransient([&]() -> absl::Status {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    WriteTransaction tx(lease->get());
    if (absl::Status s = tx.Begin(); !s.ok()) return s;
    auto q = (*lease)->Prepare(
        "INSERT INTO report_settings (unit_code, valid_from, body) "
        "VALUES (?, ?, ?) ON CONFLICT (unit_code, valid_from) "
        "DO UPDATE SET body = excluded.body");
    if (!q.ok()) return q.status();
    v1::ReportSettings stored = settings;
    stored.clear_valid_to();  // follows from the next version
    (*q)->BindText(1, settings.unit_code());
    (*q)->BindText(2, settings.valid_from());
    (*q)->BindBlob(3, stored.SerializeAsString());
    if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    return tx.Commit();
  });
}

absl::StatusOr<std::optional<v1::ReportSettings>> ReportStore::GetSettings(
    const std::string& unit, absl::CivilDay day) {
  return RetryTransient(
      [&]() -> absl::StatusOr<std::optional<v1::ReportSettings>> {
        const std::string on = FormatDay(day);
        // The last version starting on or before the day ('' sorts
        // first), and the day the one after it starts.
        auto found = ReadAll<v1::ReportSettings>(
            db_,
            "SELECT body FROM report_settings WHERE unit_code = ? AND "
            "valid_from <= ? ORDER BY valid_from DESC LIMIT 1",
            {unit, on});
        if (!found.ok()) return found.status();
        if (found->empty()) return std::optional<v1::ReportSettings>();
        v1::ReportSettings settings = std::move(found->front());
        auto lease = db_->Acquire();
        if (!lease.ok()) return lease.status();
        auto next = (*lease)->Prepare(
            "SELECT MIN(valid_from) FROM report_settings WHERE unit_code = ? "
            "AND valid_from > ?");
        if (!next.ok()) return next.status();
        (*next)->BindText(1, unit);
        (*next)->BindText(2, settings.valid_from());
        auto row = (*next)->Step();
        if (!row.ok()) return row.status();
        if (*row && !(*next)->ColumnIsNull(0)) {
          const std::optional<absl::CivilDay> starts =
              ParseIsoDate((*next)->ColumnText(0));
          if (starts) settings.set_valid_to(FormatDay(*starts - 1));
        }
        return std::optional<v1::ReportSettings>(std::move(settings));
      });
}

absl::StatusOr<int> ReportStore::LatestVersion(const std::string& unit,
                                               const std::string& period) {
  return RetryTransient([&]() -> absl::StatusOr<int> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    auto q = (*lease)->Prepare(
        "SELECT COALESCE(MAX(version), 0) FROM reports WHERE unit_code = ? AND "
        "period = ?");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, unit);
    (*q)->BindText(2, period);
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    return static_cast<int>((*q)->ColumnInt(0));
  });
}

absl::Status ReportStore::Archive(const ArchivedReport& report) {
  return RetryTransient([&]() -> absl::Status {
    const v1::Report& m = report.meta;
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    Connection* conn = lease->get();
    WriteTransaction tx(conn);
    if (absl::Status s = tx.Begin(); !s.ok()) return s;
    {
      auto q = conn->Prepare(
          "SELECT COALESCE(MAX(version), 0) FROM reports WHERE unit_code = ? "
          "AND period = ?");
      if (!q.ok()) return q.status();
      (*q)->BindText(1, m.unit_code());
      (*q)->BindText(2, m.period());
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if ((*q)->ColumnInt(0) != m.version() - 1) {
        return absl::AbortedError(absl::StrCat(
            "version ", m.version(), " of ", m.unit_code(), " ", m.period(),
            " is not the next one (the latest is ", (*q)->ColumnInt(0), ")"));
      }
    }
    {
      auto q = conn->Prepare(
          "INSERT INTO reports (unit_code, period, version, generated_at, "
          "meta, "
          "figures) VALUES (?, ?, ?, ?, ?, ?)");
      if (!q.ok()) return q.status();
      (*q)->BindText(1, m.unit_code());
      (*q)->BindText(2, m.period());
      (*q)->BindInt(3, m.version());
      (*q)->BindText(4, m.generated_at());
      (*q)->BindBlob(5, m.SerializeAsString());
      (*q)->BindText(6, report.figures_json);
      if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    }
    if (!report.pdf_places_json.empty()) {
      auto q = conn->Prepare(
          "INSERT INTO pdf_places (unit_code, period, version, places) VALUES "
          "(?, ?, ?, ?)");
      if (!q.ok()) return q.status();
      (*q)->BindText(1, m.unit_code());
      (*q)->BindText(2, m.period());
      (*q)->BindInt(3, m.version());
      (*q)->BindText(4, report.pdf_places_json);
      if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    }
    for (const v1::Rendering& r : m.renderings()) {
      auto bytes = report.renderings.find(r.format());
      if (bytes == report.renderings.end()) {
        return absl::InternalError("a rendering has no bytes");
      }
      auto q = conn->Prepare(
          "INSERT INTO renderings (unit_code, period, version, format, sha256, "
          "body) VALUES (?, ?, ?, ?, ?, ?)");
      if (!q.ok()) return q.status();
      (*q)->BindText(1, m.unit_code());
      (*q)->BindText(2, m.period());
      (*q)->BindInt(3, m.version());
      (*q)->BindInt(4, r.format());
      (*q)->BindText(5, r.sha256());
      (*q)->BindBlob(6, bytes->second);
      if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    }
    return tx.Commit();
  });
}

absl::StatusOr<std::optional<ArchivedReport>> ReportStore::GetReport(
    const std::string& unit, const std::string& period, int version) {
  return RetryTransient([&]() -> absl::StatusOr<std::optional<ArchivedReport>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    auto q = (*lease)->Prepare(
        version > 0 ? "SELECT meta, figures FROM reports WHERE unit_code = ? "
                      "AND period = ? AND version = ?"
                    : "SELECT meta, figures FROM reports WHERE unit_code = ? "
                      "AND period = ? ORDER BY version DESC LIMIT 1");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, unit);
    (*q)->BindText(2, period);
    if (version > 0) (*q)->BindInt(3, version);
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<ArchivedReport>();
    auto meta = Decode<v1::Report>((*q)->ColumnBlob(0));
    if (!meta.ok()) return meta.status();
    ArchivedReport out;
    out.meta = std::move(*meta);
    out.figures_json = std::string((*q)->ColumnText(1));
    (*q)->Reset();
    if (absl::Status s = DocumentLifeStore::Overlay(lease->get(), &out.meta);
        !s.ok()) {
      return s;
    }
    return std::optional<ArchivedReport>(std::move(out));
  });
}

absl::StatusOr<std::map<std::string, std::string>>
ReportStore::LatestCompletePeriods() {
  return RetryTransient(
      [&]() -> absl::StatusOr<std::map<std::string, std::string>> {
        auto lease = db_->Acquire();
        if (!lease.ok()) return lease.status();
        // A month has few versions; whether one is partial is in its meta.
        auto q =
            (*lease)->Prepare("SELECT unit_code, period, meta FROM reports");
        if (!q.ok()) return q.status();
        std::map<std::string, std::string> out;
        while (true) {
          auto row = (*q)->Step();
          if (!row.ok()) return row.status();
          if (!*row) break;
          auto meta = Decode<v1::Report>((*q)->ColumnBlob(2));
          if (!meta.ok()) return meta.status();
          if (meta->partial()) continue;
          std::string& latest = out[std::string((*q)->ColumnText(0))];
          latest = std::max(latest, std::string((*q)->ColumnText(1)));
        }
        return out;
      });
}

absl::StatusOr<std::vector<v1::Report>> ReportStore::ListReports(
    const std::string& unit, const std::string& period, int offset, int limit) {
  return RetryTransient([&]() -> absl::StatusOr<std::vector<v1::Report>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    auto q = (*lease)->Prepare(
        "SELECT meta FROM reports WHERE unit_code = ? AND (? = '' OR period = "
        "?) ORDER BY period DESC, version DESC LIMIT ? OFFSET ?");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, unit);
    (*q)->BindText(2, period);
    (*q)->BindText(3, period);
    (*q)->BindInt(4, limit);
    (*q)->BindInt(5, offset);
    std::vector<v1::Report> out;
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      auto meta = Decode<v1::Report>((*q)->ColumnBlob(0));
      if (!meta.ok()) return meta.status();
      out.push_back(std::move(*meta));
    }
    (*q)->Reset();
    for (v1::Report& meta : out) {
      if (absl::Status s = DocumentLifeStore::Overlay(lease->get(), &meta);
          !s.ok()) {
        return s;
      }
    }
    return out;
  });
}

absl::StatusOr<std::optional<std::string>> ReportStore::GetRendering(
    const std::string& unit, const std::string& period, int version,
    v1::Format format) {
  return RetryTransient([&]() -> absl::StatusOr<std::optional<std::string>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    return RenderingOn(lease->get(), unit, period, version, format);
  });
}

absl::StatusOr<std::optional<std::string>> ReportStore::RenderingOn(
    Connection* conn, const std::string& unit, const std::string& period,
    int version, v1::Format format) {
  // A signed or issued version's PDF is the one its life left.
  if (format == v1::FORMAT_PDF && version > 0) {
    auto current = DocumentLifeStore::CurrentPdf(conn, unit, period, version);
    if (!current.ok() || current->has_value()) return current;
  }
  auto q = conn->Prepare(
      version > 0
          ? "SELECT body FROM renderings WHERE unit_code = ? AND period = ? "
            "AND format = ? AND version = ?"
          : "SELECT body FROM renderings WHERE unit_code = ? AND period = ? "
            "AND format = ? ORDER BY version DESC LIMIT 1");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, unit);
  (*q)->BindText(2, period);
  (*q)->BindInt(3, format);
  if (version > 0) (*q)->BindInt(4, version);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(std::string((*q)->ColumnBlob(0)));
}

}  // namespace dtr::report
