// A batch's rows bound as one array a column, the way PostgreSQL takes a
// batch best: `INSERT … SELECT * FROM unnest(?::text[], ?::bigint[], …)`
// and `… = ANY(?::text[])` are statements of a few parameters, planned in
// no time, where a multi-row `VALUES` of 256 rows is planned anew with its
// 3,840 parameters at every run (a quarter of the server's time in a bulk
// import).
//
// ArrayParams is a Statement that only collects: the rows' usual bind
// functions bind into it, row after row (parameter i goes to column
// (i - 1) % columns), and each column's array literal is then bound to the
// real statement as one text parameter.
//
// Not thread-safe: one batch's.
#ifndef DTR_COMMON_ARRAY_PARAMS_H_
#define DTR_COMMON_ARRAY_PARAMS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/database.h"

namespace dtr {

class ArrayParams final : public Statement {
 public:
  explicit ArrayParams(size_t columns);

  void BindInt(int index, int64_t value) override;
  void BindText(int index, absl::string_view value) override;
  // As bytea's hex form.
  void BindBlob(int index, absl::string_view bytes) override;
  void BindNull(int index) override;

  // Not a query: Step fails, and there are no result columns.
  absl::StatusOr<bool> Step() override;
  int64_t ColumnInt(int) const override { return 0; }
  absl::string_view ColumnText(int) const override { return {}; }
  absl::string_view ColumnBlob(int) const override { return {}; }
  bool ColumnIsNull(int) const override { return true; }
  // Forgets the rows collected.
  void Reset() override;

  // Column `column`'s array literal, e.g. {"a","b \"c\"",NULL,3}: each
  // text quoted, a quote or backslash in it escaped.
  std::string Literal(size_t column) const;
  // Binds each column's literal to `statement`, parameters 1, 2, …
  void BindTo(Statement* statement) const;

 private:
  // Column of parameter `index` with a separator added when it already
  // has an element.
  std::string& Next(int index);

  std::vector<std::string> elements_;  // a column's, comma-separated
};

}  // namespace dtr

#endif  // DTR_COMMON_ARRAY_PARAMS_H_
