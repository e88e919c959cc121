// Writing a batch of records the way both stores take many rows in one
// round trip (batch_sql.h): the stored versions of a run of ids read with
// one `… IN (…)` query, the unchanged ones left alone, each change counted
// out of its old version and into its new one, and the changed rows
// written with multi-row upserts (PostgreSQL: one array a column,
// array_params.h). The statements' text is built once per size and kept.
//
// Thread-safe: templates over the caller's connection, which is not shared.
#ifndef DTR_COMMON_BATCH_UPSERT_H_
#define DTR_COMMON_BATCH_UPSERT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/array_params.h"
#include "common/batch_sql.h"
#include "common/database.h"
#include "common/import_ledger.h"

namespace dtr {

// Records one run of a batch reads and writes together (cut further into
// statements where the store takes no arrays).
inline constexpr size_t kRowsPerRun = 1024;

// A run's read and write as one statement each, for a store that takes a
// column of values as one array (Connection::TakesArrays): `select` reads
// the stored versions of the ids given as one array parameter, `upsert`
// writes rows given as one array a column (array_params.h).
struct ArraySql {
  std::string select;
  std::string upsert;
};

// The SQL `build(rows)` makes for `rows` rows, built once per size and
// kept: sizes are powers of two (batch_sql.h), so a handful. One cache per
// kind of statement: each `build` lambda is its own type.
template <typename Build>
const std::string& SqlForRows(size_t rows, Build build) {
  static absl::Mutex mu;
  static auto* cache = new absl::flat_hash_map<size_t, std::string>();
  absl::MutexLock lock(&mu);
  auto it = cache->find(rows);
  if (it == cache->end()) it = cache->emplace(rows, build(rows)).first;
  return it->second;
}

// Runs of rows with no id twice, at most kRowsPerRun long, so that no
// statement touches a row twice: [begin, end) pairs.
template <typename Record, typename Id>
std::vector<std::pair<size_t, size_t>> RunsOfDistinctIds(
    const std::vector<Record>& rows, Id id) {
  std::vector<std::pair<size_t, size_t>> runs;
  size_t begin = 0;
  while (begin < rows.size()) {
    absl::flat_hash_set<absl::string_view> seen;
    size_t end = begin;
    while (end < rows.size() && end - begin < kRowsPerRun &&
           seen.insert(id(rows[end])).second) {
      ++end;
    }
    runs.emplace_back(begin, end);
    begin = end;
  }
  return runs;
}

// Reads the stored versions of rows [begin, end) by id into `out`;
// `sql(n)` selects n ids, `from` makes a record of a result row; with
// `arrays`, where the store takes them, one statement reads them all.
template <typename Record, typename Id, typename SelectSql, typename From>
absl::Status ReadStored(Connection* conn, const std::vector<Record>& rows,
                        size_t begin, size_t end, Id id, SelectSql sql,
                        From from,
                        absl::flat_hash_map<std::string, Record>* out,
                        const ArraySql* arrays = nullptr) {
  const auto read = [&](Statement* q) -> absl::Status {
    while (true) {
      auto row = q->Step();
      if (!row.ok()) return row.status();
      if (!*row) return absl::OkStatus();
      Record r = from(*q);
      std::string key = id(r);
      out->emplace(std::move(key), std::move(r));
    }
  };
  if (arrays != nullptr && conn->TakesArrays()) {
    ArrayParams ids(1);
    for (size_t i = begin; i < end; ++i) ids.BindText(1, id(rows[i]));
    auto q = conn->Prepare(arrays->select);
    if (!q.ok()) return q.status();
    ids.BindTo(q->get());
    return read(q->get());
  }
  size_t next = begin;
  for (size_t piece : PowerOfTwoPieces(end - begin)) {
    auto q = conn->Prepare(sql(piece));
    if (!q.ok()) return q.status();
    for (size_t i = 0; i < piece; ++i) {  // the rows outlive the query
      (*q)->BindKeptText(static_cast<int>(i + 1), id(rows[next + i]));
    }
    next += piece;
    if (absl::Status s = read(q->get()); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// Writes `rows` with multi-row statements of `columns` values a row;
// `bind` binds one row at a 1-based parameter offset.
template <typename Row, typename WriteSql, typename Bind>
absl::Status WriteAll(Connection* conn, const std::vector<const Row*>& rows,
                      WriteSql sql, size_t columns, Bind bind) {
  size_t next = 0;
  for (size_t piece : PowerOfTwoPieces(rows.size())) {
    auto q = conn->Prepare(sql(piece));
    if (!q.ok()) return q.status();
    for (size_t i = 0; i < piece; ++i) {
      bind(q->get(), static_cast<int>(i * columns + 1), *rows[next + i]);
    }
    next += piece;
    if (auto done = (*q)->Step(); !done.ok()) return done.status();
  }
  return absl::OkStatus();
}

// WriteAll's rows in one statement, `sql`, that takes each of the
// `columns` columns as one array (ArraySql::upsert).
template <typename Row, typename Bind>
absl::Status WriteAllAsArrays(Connection* conn,
                              const std::vector<const Row*>& rows,
                              const std::string& sql, size_t columns,
                              Bind bind) {
  if (rows.empty()) return absl::OkStatus();
  ArrayParams arrays(columns);
  for (size_t i = 0; i < rows.size(); ++i) {
    bind(&arrays, static_cast<int>(i * columns + 1), *rows[i]);
  }
  auto q = conn->Prepare(sql);
  if (!q.ok()) return q.status();
  arrays.BindTo(q->get());
  return (*q)->Step().status();
}

// What UpsertRecords would do with `rows`, read without writing: each
// record's outcome, in order.
template <typename Record, typename Id, typename SelectSql, typename From,
          typename Same>
absl::StatusOr<std::vector<UpsertOutcome>> ClassifyRecords(
    Connection* conn, const std::vector<Record>& rows, Id id, SelectSql select,
    From from, Same same, const ArraySql* arrays = nullptr) {
  std::vector<UpsertOutcome> outcomes(rows.size());
  for (const auto& [begin, end] : RunsOfDistinctIds(rows, id)) {
    absl::flat_hash_map<std::string, Record> stored;
    if (absl::Status s = ReadStored(conn, rows, begin, end, id, select, from,
                                    &stored, arrays);
        !s.ok()) {
      return s;
    }
    for (size_t i = begin; i < end; ++i) {
      auto old = stored.find(id(rows[i]));
      outcomes[i] = old == stored.end()          ? UpsertOutcome::kCreated
                    : same(old->second, rows[i]) ? UpsertOutcome::kUnchanged
                                                 : UpsertOutcome::kUpdated;
    }
  }
  return outcomes;
}

// Writes a batch of records of one kind: reads the stored versions of a
// run, leaves the unchanged ones (`same`), counts each change out of its
// old counters (`count(record, -1)`) and into its new ones, and writes the
// changed rows; with `arrays`, where the store takes them, a run's read
// and write are one statement each. The outcome of each record, in order.
template <typename Record, typename Id, typename SelectSql, typename From,
          typename Same, typename Count, typename UpsertSql, typename Bind>
absl::StatusOr<std::vector<UpsertOutcome>> UpsertRecords(
    Connection* conn, const std::vector<Record>& rows, Id id, SelectSql select,
    From from, Same same, Count count, UpsertSql upsert, size_t columns,
    Bind bind, const ArraySql* arrays = nullptr) {
  const bool as_arrays = arrays != nullptr && conn->TakesArrays();
  std::vector<UpsertOutcome> outcomes(rows.size());
  for (const auto& [begin, end] : RunsOfDistinctIds(rows, id)) {
    absl::flat_hash_map<std::string, Record> stored;
    if (absl::Status s = ReadStored(conn, rows, begin, end, id, select, from,
                                    &stored, arrays);
        !s.ok()) {
      return s;
    }
    std::vector<const Record*> changed;
    for (size_t i = begin; i < end; ++i) {
      auto old = stored.find(id(rows[i]));
      if (old != stored.end() && same(old->second, rows[i])) {
        outcomes[i] = UpsertOutcome::kUnchanged;
        continue;
      }
      outcomes[i] = old == stored.end() ? UpsertOutcome::kCreated
                                        : UpsertOutcome::kUpdated;
      if (old != stored.end()) count(old->second, -1);
      count(rows[i], +1);
      changed.push_back(&rows[i]);
    }
    if (absl::Status s =
            as_arrays
                ? WriteAllAsArrays(conn, changed, arrays->upsert, columns, bind)
                : WriteAll(conn, changed, upsert, columns, bind);
        !s.ok()) {
      return s;
    }
  }
  return outcomes;
}

}  // namespace dtr

#endif  // DTR_COMMON_BATCH_UPSERT_H_
