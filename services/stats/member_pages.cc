#include "services/stats/member_pages.h"

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/dates.h"
#include "common/field_checks.h"

namespace dtr::stats {
namespace {

// Where a page ends: the member, then the last row's day and id.
struct PageCursor {
  size_t member = 0;
  int64_t day = 0;
  std::string id;  // empty: from the member's first row
};

std::string TokenOf(const std::vector<SubtreeMember>& members,
                    const PageCursor& c) {
  const SubtreeMember& m = members[c.member];
  return absl::StrCat(m.code, "|", DayNumber(m.days.first), "|", c.day, "|",
                      c.id);
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
  c.id = parts[3];
  for (c.member = 0; c.member < members.size(); ++c.member) {
    const SubtreeMember& m = members[c.member];
    if (m.code == parts[0] && DayNumber(m.days.first) == first) return c;
  }
  return std::nullopt;
}

// "unit_code = ? AND <day> BETWEEN ? AND ?" and the query's conditions.
std::string Where(const MemberPageQuery& q) {
  return absl::StrCat("unit_code = ? AND ", q.day_column, " BETWEEN ? AND ?",
                      q.condition.empty() ? "" : " AND ", q.condition);
}

// Binds the member's unit and days, then the conditions' values; returns
// the next index.
int Bind(const MemberPageQuery& q, Statement* s, const SubtreeMember& m) {
  s->BindText(1, m.code);
  s->BindInt(2, DayNumber(m.days.first));
  s->BindInt(3, DayNumber(m.days.last));
  return q.bind_condition ? q.bind_condition(s, 4) : 4;
}

bool Wanted(const std::string& only_unit, const SubtreeMember& m) {
  return only_unit.empty() || m.code == only_unit;
}

}  // namespace

std::vector<SubtreeMember> WantedMembers(
    const std::vector<SubtreeMember>& members, const std::string& only_unit) {
  std::vector<SubtreeMember> out;
  for (const SubtreeMember& m : members) {
    if (Wanted(only_unit, m)) out.push_back(m);
  }
  return out;
}

absl::Status ReadMemberPage(Connection* conn, const MemberPageQuery& query,
                            absl::FunctionRef<void(const Statement&)> add,
                            std::string* next_page_token) {
  const std::vector<SubtreeMember>& members = *query.members;
  const std::optional<PageCursor> start = ParseToken(members, query.page_token);
  if (!start) {
    return Invalid("page_token",
                   "not a token of this list (did its unit change?); start "
                   "again without one");
  }
  const int day_index = static_cast<int>(query.columns.size());
  int added = 0;
  PageCursor cursor = *start;
  for (; cursor.member < members.size(); ++cursor.member) {
    const SubtreeMember& m = members[cursor.member];
    if (!Wanted(query.only_unit, m)) continue;
    const bool resume = !cursor.id.empty();
    auto q = conn->Prepare(absl::StrCat(
        "SELECT ", absl::StrJoin(query.columns, ", "), ", ", query.day_column,
        ", ", query.id_column, " FROM ", query.table, " WHERE ", Where(query),
        resume ? absl::StrCat(" AND (", query.day_column, " > ? OR (",
                              query.day_column, " = ? AND ", query.id_column,
                              " > ?))")
               : "",
        " ORDER BY ", query.day_column, ", ", query.id_column, " LIMIT ?"));
    if (!q.ok()) return q.status();
    int next = Bind(query, q->get(), m);
    if (resume) {
      (*q)->BindInt(next++, cursor.day);
      (*q)->BindInt(next++, cursor.day);
      (*q)->BindText(next++, cursor.id);
    }
    // One more than the page holds: whether a next page exists.
    const int room = query.limit - added;
    (*q)->BindInt(next, room + 1);
    int read_here = 0;
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      if (read_here == room) {
        *next_page_token = TokenOf(members, cursor);
        return absl::OkStatus();
      }
      add(*q->get());
      cursor.day = (*q)->ColumnInt(day_index);
      cursor.id = std::string((*q)->ColumnText(day_index + 1));
      ++read_here;
      ++added;
    }
    cursor.id.clear();
    cursor.day = 0;
    if (added == query.limit) {
      // Full at a member's end: the next page starts at the next member.
      const PageCursor next_member{cursor.member + 1, 0, ""};
      if (next_member.member < members.size()) {
        *next_page_token = TokenOf(members, next_member);
      }
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> CountMemberRows(Connection* conn,
                                        const MemberPageQuery& query) {
  auto q = conn->Prepare(absl::StrCat("SELECT COUNT(*) FROM ", query.table,
                                      " WHERE ", Where(query)));
  if (!q.ok()) return q.status();
  int64_t total = 0;
  for (const SubtreeMember& m : *query.members) {
    if (!Wanted(query.only_unit, m)) continue;
    (*q)->Reset();
    Bind(query, q->get(), m);
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    total += (*q)->ColumnInt(0);
  }
  return total;
}

}  // namespace dtr::stats
