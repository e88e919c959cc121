// Reading the records of a subtree a page at a time: member after member
// (in the order of the members), within a member by day then id, from
// where the previous page ended. A page token names the member by its unit
// and first day, not its place in the list, so that a unit tree reloaded
// between two pages does not shift where the next begins. Each member's
// rows come from an index (unit_code, <day>, <id>); a page never holds
// more than its rows.
#ifndef DTR_SERVICES_STATS_MEMBER_PAGES_H_
#define DTR_SERVICES_STATS_MEMBER_PAGES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "common/database.h"
#include "common/unit_tree.h"

namespace dtr::stats {

struct MemberPageQuery {
  const std::vector<SubtreeMember>* members = nullptr;
  std::string only_unit;  // empty: every member
  std::string table;
  std::string day_column;  // yyyymmdd
  std::string id_column;
  // Selected for the caller's rows, in this order (the pager adds the day
  // and id after them).
  std::vector<std::string> columns;
  // More conditions on a row ("status = 'success' AND level = ?"), and
  // what binds their values from a parameter index (returning the next).
  std::string condition;
  std::function<int(Statement*, int)> bind_condition;
  int limit = 0;
  std::string page_token;
};

// The members a list narrowed to `only_unit` (empty: none) reads.
std::vector<SubtreeMember> WantedMembers(
    const std::vector<SubtreeMember>& members, const std::string& only_unit);

// Calls `add(row)` for each row of the page (the columns asked for, from
// 0); sets `next_page_token` (empty on the last page). INVALID_ARGUMENT
// naming page_token when it is not one of this list's.
absl::Status ReadMemberPage(Connection* conn, const MemberPageQuery& query,
                            absl::FunctionRef<void(const Statement&)> add,
                            std::string* next_page_token);

// The rows of the whole list, counted.
absl::StatusOr<int64_t> CountMemberRows(Connection* conn,
                                        const MemberPageQuery& query);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_MEMBER_PAGES_H_
