#include "services/security/security_store.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/store_retry.h"

namespace dtr::security {
namespace {

constexpr char kSchemaV1[] = R"sql(
CREATE TABLE security_events (
  sequence      INTEGER PRIMARY KEY AUTOINCREMENT,
  kind          TEXT NOT NULL,
  entity_id     TEXT NOT NULL,
  system_id     TEXT NOT NULL,
  effective_us  INTEGER NOT NULL,
  effective_day INTEGER NOT NULL,
  recorded_at   TEXT NOT NULL,
  actor         TEXT NOT NULL,
  reason        TEXT NOT NULL,
  description   TEXT NOT NULL,
  state         BLOB NOT NULL
);
CREATE INDEX security_events_by_entity
  ON security_events (kind, entity_id, effective_day);
CREATE INDEX security_events_by_system
  ON security_events (system_id, effective_us);
CREATE TRIGGER security_events_not_updated BEFORE UPDATE ON security_events
  BEGIN SELECT RAISE(ABORT, 'the security history is append-only'); END;
CREATE TRIGGER security_events_not_deleted BEFORE DELETE ON security_events
  BEGIN SELECT RAISE(ABORT, 'the security history is append-only'); END;

CREATE TABLE security_records (
  kind          TEXT NOT NULL,
  entity_id     TEXT NOT NULL,
  system_id     TEXT NOT NULL,
  unit_code     TEXT NOT NULL,
  effective_us  INTEGER NOT NULL,
  last_sequence INTEGER NOT NULL,
  state         BLOB NOT NULL,
  PRIMARY KEY (kind, entity_id)
) WITHOUT ROWID;
CREATE INDEX security_records_by_system ON security_records (system_id);
)sql";

template <typename Message>
absl::StatusOr<Message> Decode(absl::string_view bytes) {
  Message m;
  if (!m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("store: a stored security record is corrupt");
  }
  return m;
}

absl::StatusOr<std::optional<CurrentState>> GetOn(Connection* conn,
                                                  absl::string_view kind,
                                                  absl::string_view id) {
  auto q = conn->Prepare(
      "SELECT state, effective_us, created_us FROM security_records "
      "WHERE kind = ? AND entity_id = ?");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, kind);
  (*q)->BindText(2, id);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<CurrentState>();
  return std::optional<CurrentState>(CurrentState{
      std::string((*q)->ColumnBlob(0)), FromStoredTime((*q)->ColumnInt(1)),
      FromStoredTime((*q)->ColumnInt(2))});
}

}  // namespace

int64_t ToStoredTime(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromStoredTime(int64_t micros) {
  return absl::FromUnixMicros(micros);
}

// Records learn when they were created, so that a change of a system's
// control or incident cannot take effect before the system existed; and
// the per-record latest-event lookup of "as of" reads gets its index.
constexpr char kSchemaV2[] = R"sql(
ALTER TABLE security_records ADD COLUMN created_us INTEGER NOT NULL DEFAULT 0;
UPDATE security_records SET created_us = (
  SELECT MIN(e.effective_us) FROM security_events e
  WHERE e.kind = security_records.kind
    AND e.entity_id = security_records.entity_id);
CREATE INDEX security_events_by_entity_sequence
  ON security_events (kind, entity_id, sequence);
)sql";

const std::vector<Migration>& SecurityStore::Migrations() {
  static const auto* migrations =
      new std::vector<Migration>{{1, "security history and records", kSchemaV1},
                                 {2, "creation times of records", kSchemaV2}};
  return *migrations;
}

absl::StatusOr<std::unique_ptr<SecurityStore::Transaction>>
SecurityStore::BeginWrite() {
  // A call to the report service, made before a connection of the store
  // is taken; the service's write slot is held meanwhile, for the call's
  // few seconds at most.
  auto locks = PeriodLockSource::CurrentOf(locks_);
  if (!locks.ok()) return locks.status();
  return RetryTransient(
      [&]() -> absl::StatusOr<std::unique_ptr<SecurityStore::Transaction>> {
        auto lease = db_->Acquire();
        if (!lease.ok()) return lease.status();
        std::unique_ptr<Transaction> tx(
            new Transaction(std::move(*lease), *locks));
        if (absl::Status s = tx->tx_.Begin(); !s.ok()) return s;
        return tx;
      });
}

absl::StatusOr<std::optional<CurrentState>> SecurityStore::Transaction::Get(
    absl::string_view kind, absl::string_view id) {
  return GetOn(lease_.get(), kind, id);
}

absl::Status SecurityStore::Transaction::Append(const Change& c) {
  Connection* conn = lease_.get();
  int64_t sequence = 0;
  {
    auto insert = conn->Prepare(
        "INSERT INTO security_events (kind, entity_id, system_id, "
        "effective_us, effective_day, recorded_at, actor, reason, "
        "description, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING sequence");
    if (!insert.ok()) return insert.status();
    Statement* s = insert->get();
    s->BindText(1, c.kind);
    s->BindText(2, c.entity_id);
    s->BindText(3, c.system_id);
    s->BindInt(4, ToStoredTime(c.effective_at));
    s->BindInt(5,
               DayNumber(absl::ToCivilDay(c.effective_at, ReportTimeZone())));
    s->BindText(6, FormatInstant(absl::Now()));
    s->BindText(7, c.actor);
    s->BindText(8, c.reason);
    s->BindText(9, c.description);
    s->BindBlob(10, c.state);
    auto row = s->Step();
    if (!row.ok()) return row.status();
    sequence = s->ColumnInt(0);
  }
  auto upsert = conn->Prepare(
      "INSERT INTO security_records (kind, entity_id, system_id, unit_code, "
      "effective_us, last_sequence, state, created_us) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (kind, entity_id) DO UPDATE SET "
      "system_id = excluded.system_id, unit_code = excluded.unit_code, "
      "effective_us = excluded.effective_us, "
      "last_sequence = excluded.last_sequence, state = excluded.state");
  if (!upsert.ok()) return upsert.status();
  Statement* s = upsert->get();
  s->BindText(1, c.kind);
  s->BindText(2, c.entity_id);
  s->BindText(3, c.system_id);
  s->BindText(4, c.unit_code);
  s->BindInt(5, ToStoredTime(c.effective_at));
  s->BindInt(6, sequence);
  s->BindBlob(7, c.state);
  s->BindInt(8, ToStoredTime(c.effective_at));  // kept on later changes
  auto done = s->Step();
  return done.ok() ? absl::OkStatus() : done.status();
}

absl::StatusOr<std::optional<CurrentState>> SecurityStore::Get(
    absl::string_view kind, absl::string_view id) {
  return RetryTransient([&]() -> absl::StatusOr<std::optional<CurrentState>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    return GetOn(lease->get(), kind, id);
  });
}

namespace {

// Every current record of one kind (and of one system, when given), by id.
template <typename Message>
absl::StatusOr<std::vector<Message>> CurrentOf(Database* db,
                                               absl::string_view kind,
                                               absl::string_view system_id) {
  return RetryTransient([&]() -> absl::StatusOr<std::vector<Message>> {
    auto lease = db->Acquire();
    if (!lease.ok()) return lease.status();
    auto q = (*lease)->Prepare(
        "SELECT state FROM security_records WHERE kind = ? "
        "AND (? = '' OR system_id = ?) ORDER BY entity_id");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, kind);
    (*q)->BindText(2, system_id);
    (*q)->BindText(3, system_id);
    std::vector<Message> out;
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      auto record = Decode<Message>((*q)->ColumnBlob(0));
      if (!record.ok()) return record.status();
      out.push_back(std::move(*record));
    }
    return out;
  });
}

}  // namespace

absl::StatusOr<std::vector<v1::InformationSystem>>
SecurityStore::CurrentSystems() {
  return CurrentOf<v1::InformationSystem>(db_, kSystem, "");
}

absl::StatusOr<std::vector<v1::Endpoint>> SecurityStore::CurrentEndpoints() {
  return CurrentOf<v1::Endpoint>(db_, kEndpoint, "");
}

absl::StatusOr<std::vector<v1::SystemControl>> SecurityStore::CurrentControls(
    absl::string_view system_id) {
  return CurrentOf<v1::SystemControl>(db_, kControl, system_id);
}

absl::StatusOr<SecurityRecords> SecurityStore::RecordsAsOf(absl::CivilDay day) {
  return RetryTransient([&]() -> absl::StatusOr<SecurityRecords> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    // Each record's last event in effect by the end of the day.
    auto q = (*lease)->Prepare(
        "SELECT kind, state FROM ("
        " SELECT kind, state, ROW_NUMBER() OVER ("
        "   PARTITION BY kind, entity_id ORDER BY sequence DESC) AS newest"
        " FROM security_events WHERE effective_day <= ?) AS latest"
        " WHERE newest = 1");
    if (!q.ok()) return q.status();
    (*q)->BindInt(1, DayNumber(day));
    SecurityRecords records;
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      const absl::string_view kind = (*q)->ColumnText(0);
      const absl::string_view state = (*q)->ColumnBlob(1);
      absl::Status decoded;
      if (kind == kSystem) {
        auto m = Decode<v1::InformationSystem>(state);
        decoded = m.status();
        if (m.ok()) records.systems.push_back(std::move(*m));
      } else if (kind == kControl) {
        auto m = Decode<v1::SystemControl>(state);
        decoded = m.status();
        if (m.ok()) records.controls.push_back(std::move(*m));
      } else if (kind == kEndpoint) {
        auto m = Decode<v1::Endpoint>(state);
        decoded = m.status();
        if (m.ok()) records.endpoints.push_back(std::move(*m));
      } else if (kind == kIncident) {
        auto m = Decode<v1::Incident>(state);
        decoded = m.status();
        if (m.ok()) records.incidents.push_back(std::move(*m));
      }
      if (!decoded.ok()) return decoded;
    }
    return records;
  });
}

absl::StatusOr<std::vector<v1::HistoryEvent>> SecurityStore::History(
    absl::string_view system_id) {
  return RetryTransient([&]() -> absl::StatusOr<std::vector<v1::HistoryEvent>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    auto q = (*lease)->Prepare(
        "SELECT sequence, kind, entity_id, effective_us, recorded_at, actor, "
        "reason, description FROM security_events WHERE system_id = ? "
        "ORDER BY effective_us, sequence");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, system_id);
    std::vector<v1::HistoryEvent> out;
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      v1::HistoryEvent& e = out.emplace_back();
      e.set_sequence((*q)->ColumnInt(0));
      e.set_entity(std::string((*q)->ColumnText(1)));
      e.set_entity_id(std::string((*q)->ColumnText(2)));
      e.set_effective_at(FormatInstant(FromStoredTime((*q)->ColumnInt(3))));
      e.set_recorded_at(std::string((*q)->ColumnText(4)));
      e.set_actor(std::string((*q)->ColumnText(5)));
      e.set_reason(std::string((*q)->ColumnText(6)));
      e.set_change(std::string((*q)->ColumnText(7)));
    }
    return out;
  });
}

}  // namespace dtr::security
