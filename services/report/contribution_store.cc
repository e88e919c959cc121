#include "services/report/contribution_store.h"

#include "absl/strings/str_cat.h"
#include "common/cms_signature.h"
#include "common/dates.h"
#include "common/store_retry.h"

namespace dtr::report {
namespace {

using v1::ContributionState;

// The states an action starts from, and the one it leaves.
struct Transition {
  std::vector<ContributionState> from;  // empty state: never put
  ContributionState to;
  const char* verb;
};

Transition TransitionOf(ContributionAction action) {
  switch (action) {
    case ContributionAction::kPut:
      return {{v1::CONTRIBUTION_STATE_UNSPECIFIED, v1::CONTRIBUTION_STATE_DRAFT,
               v1::CONTRIBUTION_STATE_RETURNED},
              v1::CONTRIBUTION_STATE_DRAFT,
              "written"};
    case ContributionAction::kSubmit:
      return {{v1::CONTRIBUTION_STATE_DRAFT, v1::CONTRIBUTION_STATE_RETURNED},
              v1::CONTRIBUTION_STATE_SUBMITTED,
              "submitted"};
    case ContributionAction::kAccept:
      return {{v1::CONTRIBUTION_STATE_SUBMITTED},
              v1::CONTRIBUTION_STATE_ACCEPTED,
              "accepted"};
    case ContributionAction::kReturn:
      return {{v1::CONTRIBUTION_STATE_SUBMITTED},
              v1::CONTRIBUTION_STATE_RETURNED,
              "returned"};
  }
  return {{}, v1::CONTRIBUTION_STATE_UNSPECIFIED, ""};
}

// The contribution's current row, if any.
absl::StatusOr<std::optional<v1::Contribution>> CurrentOn(
    Connection* conn, const std::string& unit, const std::string& period,
    const std::string& section) {
  auto q = conn->Prepare(
      "SELECT state, text, updated_at, updated_by FROM contributions WHERE "
      "unit_code = ? AND period = ? AND section = ?");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, unit);
  (*q)->BindText(2, period);
  (*q)->BindText(3, section);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<v1::Contribution>();
  v1::Contribution c;
  c.set_unit_code(unit);
  c.set_period(period);
  c.set_section(section);
  c.set_state(static_cast<ContributionState>((*q)->ColumnInt(0)));
  c.set_text(std::string((*q)->ColumnText(1)));
  c.set_updated_at(std::string((*q)->ColumnText(2)));
  c.set_updated_by(std::string((*q)->ColumnText(3)));
  return std::optional<v1::Contribution>(std::move(c));
}

absl::Status AddHistory(Connection* conn, v1::Contribution* c) {
  auto q = conn->Prepare(
      "SELECT state, recorded_at, actor, reason, text_sha256 FROM "
      "contribution_events WHERE unit_code = ? AND period = ? AND section = "
      "? ORDER BY seq");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, c->unit_code());
  (*q)->BindText(2, c->period());
  (*q)->BindText(3, c->section());
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    v1::ContributionEvent* e = c->add_history();
    e->set_state(static_cast<ContributionState>((*q)->ColumnInt(0)));
    e->set_at(std::string((*q)->ColumnText(1)));
    e->set_by(std::string((*q)->ColumnText(2)));
    e->set_reason(std::string((*q)->ColumnText(3)));
    e->set_text_sha256(std::string((*q)->ColumnText(4)));
  }
  return absl::OkStatus();
}

}  // namespace

const char* ContributionStateInWords(v1::ContributionState state) {
  switch (state) {
    case v1::CONTRIBUTION_STATE_DRAFT:
      return "a draft";
    case v1::CONTRIBUTION_STATE_SUBMITTED:
      return "submitted";
    case v1::CONTRIBUTION_STATE_ACCEPTED:
      return "accepted";
    case v1::CONTRIBUTION_STATE_RETURNED:
      return "returned";
    default:
      return "not written";
  }
}

const char ContributionStore::kSchema[] = R"sql(
CREATE TABLE contributions (
  unit_code  TEXT NOT NULL,
  period     TEXT NOT NULL,
  section    TEXT NOT NULL,
  state      INTEGER NOT NULL,
  text       TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (unit_code, period, section)
) WITHOUT ROWID;

CREATE TABLE contribution_events (
  unit_code   TEXT NOT NULL,
  period      TEXT NOT NULL,
  section     TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  state       INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  actor       TEXT NOT NULL,
  reason      TEXT NOT NULL,
  text_sha256 TEXT NOT NULL,
  text        TEXT NOT NULL,
  PRIMARY KEY (unit_code, period, section, seq)
) WITHOUT ROWID;
CREATE TRIGGER contribution_events_not_updated BEFORE UPDATE ON contribution_events
  BEGIN SELECT RAISE(ABORT, 'a contribution step is never changed'); END;
CREATE TRIGGER contribution_events_not_deleted BEFORE DELETE ON contribution_events
  BEGIN SELECT RAISE(ABORT, 'a contribution step is never deleted'); END;
)sql";

absl::StatusOr<v1::Contribution> ContributionStore::Act(
    const v1::ContributionStep& step, ContributionAction action,
    const std::string& text, const std::string& actor, absl::Time at,
    const std::function<absl::Status(Connection*)>& guard) {
  const Transition t = TransitionOf(action);
  return RetryTransient([&]() -> absl::StatusOr<v1::Contribution> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    Connection* conn = lease->get();
    WriteTransaction tx(conn);
    if (absl::Status s = tx.Begin(); !s.ok()) return s;
    if (guard != nullptr) {
      if (absl::Status s = guard(conn); !s.ok()) return s;
    }
    auto current =
        CurrentOn(conn, step.unit_code(), step.period(), step.section());
    if (!current.ok()) return current.status();
    const ContributionState from = current->has_value()
                                       ? (*current)->state()
                                       : v1::CONTRIBUTION_STATE_UNSPECIFIED;
    bool allowed = false;
    for (ContributionState s : t.from) allowed = allowed || s == from;
    if (!allowed) {
      const std::string what =
          absl::StrCat("the contribution of ", step.unit_code(), " to ",
                       step.section(), " of ", step.period());
      if (!current->has_value()) {
        return absl::NotFoundError(
            absl::StrCat(what, " was never written (put it first)"));
      }
      return absl::FailedPreconditionError(
          absl::StrCat(what, " is ", ContributionStateInWords(from),
                       ": it cannot be ", t.verb,
                       from == v1::CONTRIBUTION_STATE_ACCEPTED
                           ? " (an accepted text stays as it was accepted)"
                           : ""));
    }
    v1::Contribution c = current->value_or(v1::Contribution());
    c.set_unit_code(step.unit_code());
    c.set_period(step.period());
    c.set_section(step.section());
    if (action == ContributionAction::kPut) c.set_text(text);
    c.set_state(t.to);
    c.set_updated_at(FormatInstant(at));
    c.set_updated_by(actor);
    {
      auto q = conn->Prepare(
          "INSERT INTO contributions (unit_code, period, section, state, "
          "text, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON "
          "CONFLICT (unit_code, period, section) DO UPDATE SET state = "
          "excluded.state, text = excluded.text, updated_at = "
          "excluded.updated_at, updated_by = excluded.updated_by");
      if (!q.ok()) return q.status();
      (*q)->BindText(1, c.unit_code());
      (*q)->BindText(2, c.period());
      (*q)->BindText(3, c.section());
      (*q)->BindInt(4, c.state());
      (*q)->BindText(5, c.text());
      (*q)->BindText(6, c.updated_at());
      (*q)->BindText(7, c.updated_by());
      if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    }
    {
      auto q = conn->Prepare(
          "INSERT INTO contribution_events (unit_code, period, section, seq, "
          "state, recorded_at, actor, reason, text_sha256, text) SELECT ?, ?, "
          "?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ? FROM "
          "contribution_events WHERE unit_code = ? AND period = ? AND "
          "section = ?");
      if (!q.ok()) return q.status();
      (*q)->BindText(1, c.unit_code());
      (*q)->BindText(2, c.period());
      (*q)->BindText(3, c.section());
      (*q)->BindInt(4, c.state());
      (*q)->BindText(5, c.updated_at());
      (*q)->BindText(6, actor);
      (*q)->BindText(
          7, action == ContributionAction::kReturn ? step.reason() : "");
      (*q)->BindText(8, Sha256Hex(c.text()));
      (*q)->BindText(9, c.text());
      (*q)->BindText(10, c.unit_code());
      (*q)->BindText(11, c.period());
      (*q)->BindText(12, c.section());
      if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    }
    if (absl::Status s = AddHistory(conn, &c); !s.ok()) return s;
    if (absl::Status s = tx.Commit(); !s.ok()) return s;
    return c;
  });
}

absl::StatusOr<std::optional<v1::Contribution>> ContributionStore::Get(
    const std::string& unit, const std::string& period,
    const std::string& section) {
  return RetryTransient(
      [&]() -> absl::StatusOr<std::optional<v1::Contribution>> {
        auto lease = db_->Acquire();
        if (!lease.ok()) return lease.status();
        auto c = CurrentOn(lease->get(), unit, period, section);
        if (!c.ok() || !c->has_value()) return c;
        if (absl::Status s = AddHistory(lease->get(), &**c); !s.ok()) return s;
        return c;
      });
}

absl::StatusOr<std::vector<v1::Contribution>> ContributionStore::List(
    const std::string& period, const std::string& unit,
    const std::string& section) {
  return RetryTransient([&]() -> absl::StatusOr<std::vector<v1::Contribution>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    auto q = (*lease)->Prepare(
        "SELECT unit_code, section, state, text, updated_at, updated_by FROM "
        "contributions WHERE period = ? AND (? = '' OR unit_code = ?) AND (? "
        "= '' OR section = ?) ORDER BY unit_code, section");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, period);
    (*q)->BindText(2, unit);
    (*q)->BindText(3, unit);
    (*q)->BindText(4, section);
    (*q)->BindText(5, section);
    std::vector<v1::Contribution> out;
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      v1::Contribution& c = out.emplace_back();
      c.set_unit_code(std::string((*q)->ColumnText(0)));
      c.set_period(period);
      c.set_section(std::string((*q)->ColumnText(1)));
      c.set_state(static_cast<ContributionState>((*q)->ColumnInt(2)));
      c.set_text(std::string((*q)->ColumnText(3)));
      c.set_updated_at(std::string((*q)->ColumnText(4)));
      c.set_updated_by(std::string((*q)->ColumnText(5)));
    }
    return out;
  });
}

absl::StatusOr<std::vector<ContributionProgress>> ContributionStore::Progress(
    const std::string& period) {
  return RetryTransient(
      [&]() -> absl::StatusOr<std::vector<ContributionProgress>> {
        auto lease = db_->Acquire();
        if (!lease.ok()) return lease.status();
        auto q = (*lease)->Prepare(
            "SELECT unit_code, section, state, recorded_at FROM "
            "contribution_events WHERE period = ? ORDER BY unit_code, "
            "section, seq");
        if (!q.ok()) return q.status();
        (*q)->BindText(1, period);
        std::vector<ContributionProgress> out;
        while (true) {
          auto row = (*q)->Step();
          if (!row.ok()) return row.status();
          if (!*row) break;
          const absl::string_view unit = (*q)->ColumnText(0);
          const absl::string_view section = (*q)->ColumnText(1);
          if (out.empty() || out.back().unit_code != unit ||
              out.back().section != section) {
            ContributionProgress& p = out.emplace_back();
            p.unit_code = std::string(unit);
            p.section = std::string(section);
          }
          ContributionProgress& p = out.back();
          p.state = static_cast<ContributionState>((*q)->ColumnInt(2));
          if (p.state == v1::CONTRIBUTION_STATE_SUBMITTED &&
              p.first_submitted_at.empty()) {
            p.first_submitted_at = std::string((*q)->ColumnText(3));
          }
        }
        return out;
      });
}

}  // namespace dtr::report
