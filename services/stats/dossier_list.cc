#include "services/stats/dossier_list.h"

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "services/stats/stats_names.h"
#include "services/stats/stats_store.h"
#include "services/stats/unit_rankings.h"

namespace dtr::stats {
namespace {

// Where a page ends: the member, then the last row's day and id.
struct PageCursor {
  size_t member = 0;
  int64_t day = 0;
  std::string dossier_id;  // empty: from the member's first row
};

// The member by its unit and first day, not its place in the list: a unit
// tree reloaded between two pages does not shift where the next begins.
std::string TokenOf(const std::vector<SubtreeMember>& members,
                    const PageCursor& c) {
  const SubtreeMember& m = members[c.member];
  return absl::StrCat(m.code, "|", DayNumber(m.days.first), "|", c.day, "|",
                      c.dossier_id);
}

std::optional<PageCursor> ParseToken(const std::vector<SubtreeMember>& members,
                                     const std::string& token) {
  if (token.empty()) return PageCursor();
  const std::vector<std::string> parts =
      absl::StrSplit(token, absl::MaxSplits('|', 3));
  int64_t first = 0;
  PageCursor c;
  if (parts.size() != 4 || !absl::SimpleAtoi(parts[1], &first) ||
      !absl::SimpleAtoi(parts[2], &c.day)) {
    return std::nullopt;
  }
  c.dossier_id = parts[3];
  for (c.member = 0; c.member < members.size(); ++c.member) {
    const SubtreeMember& m = members[c.member];
    if (m.code == parts[0] && DayNumber(m.days.first) == first) return c;
  }
  return std::nullopt;
}

v1::Dossier DossierFrom(const Statement& q) {
  v1::Dossier d;
  d.set_dossier_id(std::string(q.ColumnText(0)));
  d.set_unit_code(std::string(q.ColumnText(1)));
  d.set_procedure_code(std::string(q.ColumnText(2)));
  d.set_received_at(std::string(q.ColumnText(3)));
  v1::Channel channel;
  if (ParseChannel(q.ColumnText(4), &channel)) d.set_channel(channel);
  v1::ServiceLevel level;
  if (ParseServiceLevel(q.ColumnText(5), &level)) d.set_service_level(level);
  d.set_digitized(q.ColumnInt(6) != 0);
  v1::DossierStatus status;
  if (ParseDossierStatus(q.ColumnText(7), &status)) d.set_status(status);
  d.set_due_at(std::string(q.ColumnText(8)));
  d.set_finished_at(std::string(q.ColumnText(9)));
  if (!q.ColumnIsNull(11)) d.set_components_digitized(q.ColumnInt(11) != 0);
  if (!q.ColumnIsNull(12)) d.set_results_reused(q.ColumnInt(12) != 0);
  return d;
}

}  // namespace

absl::StatusOr<std::string> FigureCondition(const std::string& figure,
                                            v1::FigurePart part) {
  // denominator, and what the numerator adds to it (indicators.h).
  std::string denominator, numerator;
  if (figure == "online_submission") {
    denominator = "service_level IN ('full', 'partial')";
    numerator = "channel = 'online'";
  } else if (figure == "full_process_online") {
    denominator = "service_level = 'full'";
    numerator = "channel = 'online'";
  } else if (figure == "digitization") {
    denominator = "status IN ('done_on_time', 'done_late')";
    numerator = "digitized = 1";
  } else if (figure == "on_time") {
    denominator = "status IN ('done_on_time', 'done_late')";
    numerator = "status = 'done_on_time'";
  } else if (figure == "component_digitization") {
    denominator = "components_digitized IS NOT NULL";
    numerator = "components_digitized = 1";
  } else if (figure == "result_reuse") {
    denominator = "results_reused IS NOT NULL";
    numerator = "results_reused = 1";
  } else {
    return Invalid("figure", absl::StrCat("'", figure,
                                          "' is not a rate of dossiers; "
                                          "expected ",
                                          kDossierRateNames));
  }
  switch (part) {
    case v1::FIGURE_PART_NUMERATOR:
      return absl::StrCat("(", denominator, ") AND (", numerator, ")");
    case v1::FIGURE_PART_DENOMINATOR:
      return absl::StrCat("(", denominator, ")");
    case v1::FIGURE_PART_REST:
      return absl::StrCat("(", denominator, ") AND NOT (", numerator, ")");
    default:
      return Invalid("part", "expected numerator, denominator or rest");
  }
}

absl::StatusOr<v1::ListDossiersResponse> StatsStore::ListDossiers(
    const DossierListQuery& query) {
  auto condition = FigureCondition(query.figure, query.part);
  if (!condition.ok()) return condition.status();
  const std::optional<PageCursor> start =
      ParseToken(query.members, query.page_token);
  if (!start) {
    return Invalid("page_token",
                   "not a token of this list (did its unit change?); start "
                   "again without one");
  }
  std::string narrower;
  if (!query.level.empty()) absl::StrAppend(&narrower, " AND level = ?");
  if (!query.procedure_code.empty()) {
    absl::StrAppend(&narrower, " AND procedure_code = ?");
  }
  const std::string where =
      absl::StrCat("unit_code = ? AND received_day BETWEEN ? AND ? AND ",
                   *condition, narrower);
  // Binds the member's unit and days, then the narrowing values; returns
  // the next index.
  auto bind = [&](Statement* q, const SubtreeMember& m) {
    q->BindText(1, m.code);
    q->BindInt(2, DayNumber(m.days.first));
    q->BindInt(3, DayNumber(m.days.last));
    int next = 4;
    if (!query.level.empty()) q->BindText(next++, query.level);
    if (!query.procedure_code.empty()) {
      q->BindText(next++, query.procedure_code);
    }
    return next;
  };
  auto wanted = [&](const SubtreeMember& m) {
    return query.only_unit.empty() || m.code == query.only_unit;
  };

  auto lease = db_->Acquire();
  if (!lease.ok()) return lease.status();
  Connection* conn = lease->get();
  // The count and the page from one state of the store.
  ReadTransaction read(conn);
  if (absl::Status s = read.Begin(); !s.ok()) return s;

  v1::ListDossiersResponse out;
  if (query.page_token.empty() && query.procedure_code.empty()) {
    // The count is the figure's: the counters of the same members and days
    // hold it, where counting the rows would read every one of them (the
    // tests compare it with the rows listed).
    std::vector<SubtreeMember> counted;
    for (const SubtreeMember& m : query.members) {
      if (wanted(m)) counted.push_back(m);
    }
    absl::flat_hash_map<std::string, LevelCounts> by_level;
    if (absl::Status s = ReadCountsOn(conn, counted, &by_level); !s.ok()) {
      return s;
    }
    LevelCounts counts;
    for (const auto& [level, level_counts] : by_level) {
      if (query.level.empty() || level == query.level) {
        counts.dossiers.Merge(level_counts.dossiers);
      }
    }
    v1::IndicatorSet set;
    FillIndicatorSet(counts.dossiers, PaymentCounts(), &set);
    const common::v1::Ratio& rate = **RateOf(set, query.figure, "figure");
    out.set_total_count(query.part == v1::FIGURE_PART_NUMERATOR
                            ? rate.numerator()
                        : query.part == v1::FIGURE_PART_DENOMINATOR
                            ? rate.denominator()
                            : rate.denominator() - rate.numerator());
  } else if (query.page_token.empty()) {
    // A procedure: the counters do not know it; its rows are counted.
    auto q = conn->Prepare(
        absl::StrCat("SELECT COUNT(*) FROM dossiers WHERE ", where));
    if (!q.ok()) return q.status();
    int64_t total = 0;
    for (const SubtreeMember& m : query.members) {
      if (!wanted(m)) continue;
      (*q)->Reset();
      bind(q->get(), m);
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      total += (*q)->ColumnInt(0);
    }
    out.set_total_count(total);
  }

  const int limit = query.page_size;
  PageCursor cursor = *start;
  for (; cursor.member < query.members.size(); ++cursor.member) {
    const SubtreeMember& m = query.members[cursor.member];
    if (!wanted(m)) continue;
    const bool resume = !cursor.dossier_id.empty();
    auto q = conn->Prepare(absl::StrCat(
        "SELECT dossier_id, unit_code, procedure_code, received_at, channel, "
        "service_level, digitized, status, due_at, finished_at, "
        "received_day, components_digitized, results_reused FROM dossiers "
        "WHERE ",
        where,
        resume ? " AND (received_day > ? OR (received_day = ? AND "
                 "dossier_id > ?))"
               : "",
        " ORDER BY received_day, dossier_id LIMIT ?"));
    if (!q.ok()) return q.status();
    int next = bind(q->get(), m);
    if (resume) {
      (*q)->BindInt(next++, cursor.day);
      (*q)->BindInt(next++, cursor.day);
      (*q)->BindText(next++, cursor.dossier_id);
    }
    // One more than the page holds: whether a next page exists.
    const int room = limit - out.dossiers_size();
    (*q)->BindInt(next, room + 1);
    int read_here = 0;
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      if (read_here == room) {
        out.set_next_page_token(TokenOf(query.members, cursor));
        return out;
      }
      *out.add_dossiers() = DossierFrom(*q->get());
      cursor.day = (*q)->ColumnInt(10);
      cursor.dossier_id = std::string((*q)->ColumnText(0));
      ++read_here;
    }
    cursor.dossier_id.clear();
    cursor.day = 0;
    if (out.dossiers_size() == limit) {
      // Full at a member's end: the next page starts at the next member.
      PageCursor next_member{cursor.member + 1, 0, ""};
      if (next_member.member < query.members.size()) {
        out.set_next_page_token(TokenOf(query.members, next_member));
      }
      return out;
    }
  }
  return out;
}

}  // namespace dtr::stats
