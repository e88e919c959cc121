// SQL of the stats service: dossiers, payments and the counters that answer
// indicator queries without scanning raw records.
//
// Counters are kept per (unit, day, level, service_level, channel,
// digitized, status) for dossiers and per (unit, day, level) for payments,
// and again per month, in the same transaction as the records they count:
// a query sums whole months from the monthly table and the days at either
// end from the daily one. A record that changes moves its count from its old
// key to its new one, so re-sending a record never counts it twice.
//
// The schema is stats_schema.cc; records are written here, counters
// written out by counter_flush.cc and read by counter_reads.cc, and the
// month cubes summed over whole subtrees kept by subtree_cubes.cc.
//
// Thread-safe: every operation borrows its own connection; a Transaction
// is one writer's, not shared.
#ifndef DTR_SERVICES_STATS_STATS_STORE_H_
#define DTR_SERVICES_STATS_STATS_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/hash/hash.h"
#include "absl/status/statusor.h"
#include "common/database.h"
#include "common/import_ledger.h"
#include "common/migrations.h"
#include "common/unit_tree.h"
#include "common/unit_tree_holder.h"
#include "services/stats/counter_sql.h"
#include "services/stats/dossier_list.h"
#include "services/stats/indicators.h"
#include "services/stats/payment_list.h"
#include "services/stats/records.h"

namespace dtr::stats {

// Dossier and payment counts of one level.
struct LevelCounts {
  DossierCounts dossiers;
  PaymentCounts payments;
};

class StatsStore {
 public:
  // `units`: the tree the writes are made under, for the subtree cubes;
  // without one, a write drops the subtree cubes of the months it touches.
  explicit StatsStore(Database* db, const UnitTreeHolder* units = nullptr)
      : db_(db), units_(units) {}

  // Members (of ReadCounts, ReadMemberCounts) that are the whole subtree of
  // `root` in `tree` over `range` (UnitTree::Subtree): their whole months
  // are then read from the subtree's own cubes where the store keeps them
  // for this tree's units.
  struct WholeSubtree {
    const UnitTree* tree;
    std::string root;
    DayRange range;
  };

  static const std::vector<Migration>& Migrations();

  // One write transaction. Counter changes are gathered in memory and
  // written by Commit(), once per counter rather than once per record.
  // Destroying it without Commit() rolls everything back.
  class Transaction {
   public:
    ~Transaction();
    // Writes a batch of records (in their order: a record given twice ends
    // as its last version), reading the stored ones and writing the changed
    // ones a few statements at a time. The outcome of each, in order.
    absl::StatusOr<std::vector<UpsertOutcome>> PutDossiers(
        const std::vector<DossierRecord>& records);
    absl::StatusOr<std::vector<UpsertOutcome>> PutPayments(
        const std::vector<PaymentRecord>& records);
    absl::Status Commit();

   private:
    friend class StatsStore;
    struct DossierKey {
      std::string unit_code;
      std::string level;
      int32_t day;
      int service_level, channel, digitized, status;
      template <typename H>
      friend H AbslHashValue(H h, const DossierKey& k) {
        return H::combine(std::move(h), k.unit_code, k.level, k.day,
                          k.service_level, k.channel, k.digitized, k.status);
      }
      friend bool operator==(const DossierKey& a, const DossierKey& b) {
        return a.day == b.day && a.service_level == b.service_level &&
               a.channel == b.channel && a.digitized == b.digitized &&
               a.status == b.status && a.unit_code == b.unit_code &&
               a.level == b.level;
      }
      // The order of the cube tables' primary keys, a cube's cells
      // adjacent.
      friend bool operator<(const DossierKey& a, const DossierKey& b) {
        return std::tie(a.unit_code, a.day, a.level, a.service_level, a.channel,
                        a.digitized, a.status) <
               std::tie(b.unit_code, b.day, b.level, b.service_level, b.channel,
                        b.digitized, b.status);
      }
    };
    struct PaymentKey {
      std::string unit_code;
      std::string level;
      int32_t day;
      template <typename H>
      friend H AbslHashValue(H h, const PaymentKey& k) {
        return H::combine(std::move(h), k.unit_code, k.level, k.day);
      }
      friend bool operator==(const PaymentKey& a, const PaymentKey& b) {
        return a.day == b.day && a.unit_code == b.unit_code &&
               a.level == b.level;
      }
    };
    struct PaymentDelta {
      int64_t successful = 0, amount_vnd = 0, failed = 0;
    };
    // A change of a dossier counter: dossiers, and of them those that
    // recorded an attribute, [attribute][value] (indicators.h).
    struct DossierDelta {
      int64_t dossiers = 0;
      int64_t recorded[DossierCounts::kRecordedAttributes][2] = {};
      bool IsZero() const;
    };

    Transaction(ConnectionLease lease, std::string now,
                std::shared_ptr<const UnitTree> units);
    // Adds a monthly counter's delta, in the cell of its key, to `counts`.
    static void AddDelta(const DossierKey& key, const DossierDelta& delta,
                         DossierCounts* counts);
    void CountDossier(const DossierRecord& r, int64_t sign);
    void CountPayment(const PaymentRecord& r, int64_t sign);
    // Write out the counter changes held so far (counter_flush.cc): the
    // day cubes, the month cubes (dossier_cube.h) and the subtree cubes,
    // the payment counters.
    absl::Status FlushDailyDossierCounts();
    absl::Status FlushMonthlyDossierCounts();
    // Adds `pending` to the cubes of `period` (counter_sql.h).
    absl::Status FlushDossierCubes(
        CubePeriod period,
        const absl::flat_hash_map<DossierKey, DossierDelta>& pending);
    absl::Status FlushPaymentCounts();
    // The monthly deltas added to the subtree cubes of the months they
    // touch, after FlushDossierCubes (subtree_cubes.cc).
    absl::Status FlushSubtreeCubes();
    // Brings the subtree cubes of `month` in line with units_: those it
    // keeps under another digest (or not at all) summed anew from the
    // stored cubes, those it does not keep dropped; `current` gets the
    // roots that were already in line, for the month's deltas.
    absl::Status SyncSubtreeCubes(int32_t month,
                                  absl::flat_hash_set<std::string>* current);
    // The subtree cubes of `month` for `roots` (of units_) made anew from
    // the stored cubes.
    absl::Status RebuildSubtreeCubes(int32_t month,
                                     const std::vector<std::string>& roots);

    ConnectionLease lease_;
    WriteTransaction tx_;
    size_t rows_written_ = 0;
    const std::string now_;
    const std::shared_ptr<const UnitTree> units_;  // may be null
    // Counter changes not yet written, by day (yyyymmdd) and by month
    // (yyyymm).
    absl::flat_hash_map<DossierKey, DossierDelta> daily_dossier_deltas_;
    absl::flat_hash_map<DossierKey, DossierDelta> monthly_dossier_deltas_;
    absl::flat_hash_map<PaymentKey, PaymentDelta> payment_deltas_;
  };

  // Brings the subtree cubes of every month with cubes in line with the
  // current tree (a store from before them, a tree changed since the last
  // write), in one write transaction; at start, so that months no write
  // touches again are read from them too.
  absl::Status KeepSubtreeCubes();

  // What Transaction::PutDossiers and PutPayments would do with `records`,
  // read without writing: each one's outcome, in order.
  absl::StatusOr<std::vector<UpsertOutcome>> PreviewDossiers(
      const std::vector<DossierRecord>& records);
  absl::StatusOr<std::vector<UpsertOutcome>> PreviewPayments(
      const std::vector<PaymentRecord>& records);

  // Starts a write transaction; waits for the write lock (SQLite has one
  // writer at a time) up to the store's busy timeout.
  absl::StatusOr<std::unique_ptr<Transaction>> BeginWrite();

  // Fills `by_level` (emptied first) with the counts of every member's
  // days, keyed by the level each record was counted at.
  absl::Status ReadCounts(
      const std::vector<SubtreeMember>& members,
      absl::flat_hash_map<std::string, LevelCounts>* by_level,
      const WholeSubtree* whole = nullptr);

  // Where ReadMemberCounts adds the counts of `member` (an index into its
  // members) in `month` (yyyymm) counted at `level`: an accumulator of the
  // caller's, which may serve many members and months.
  using CountsSink = absl::FunctionRef<DossierCounts*(
      size_t member, int64_t month, absl::string_view level)>;
  // Adds each member's dossier counts over its days, level by level,
  // month by month into `sink`: whole months from the month cubes, the
  // other days from the day cubes, in one read transaction. The caller
  // retries (RetryTransient), emptying its accumulators first: a failed
  // attempt may have added some. With `whole`, the months read from the
  // subtree's cubes go to the sink of the member that is its root: for a
  // caller that adds every member alike.
  absl::Status ReadMemberCounts(const std::vector<SubtreeMember>& members,
                                CountsSink sink,
                                const WholeSubtree* whole = nullptr);

  // Each unit's own dossiers counted month by month (yyyymm) over
  // [from_month, to_month], every level merged: one scan of the months'
  // cubes.
  absl::StatusOr<std::map<std::pair<std::string, int64_t>, DossierCounts>>
  MonthlyCountsByUnit(int64_t from_month, int64_t to_month);

  // A page of the dossiers behind a figure (dossier_list.h), filled into
  // `out` in place (a call's own message, perhaps on its arena).
  absl::Status ListDossiers(const DossierListQuery& query,
                            v1::ListDossiersResponse* out);
  // A page of the payments behind a figure (payment_list.h), the same way.
  absl::Status ListPayments(const PaymentListQuery& query,
                            v1::ListPaymentsResponse* out);

  // The first day of the latest month with a dossier or a payment, if any.
  absl::StatusOr<std::optional<absl::CivilDay>> LatestMonth();

 private:
  absl::Status ReadCountsOnce(
      const std::vector<SubtreeMember>& members,
      absl::flat_hash_map<std::string, LevelCounts>* by_level,
      const WholeSubtree* whole);
  // ReadMemberCounts on `conn`, in the caller's read transaction.
  absl::Status ReadMemberCountsOn(Connection* conn,
                                  const std::vector<SubtreeMember>& members,
                                  CountsSink sink, const WholeSubtree* whole);
  // ReadCounts on `conn`, in the caller's read transaction.
  absl::Status ReadCountsOn(
      Connection* conn, const std::vector<SubtreeMember>& members,
      absl::flat_hash_map<std::string, LevelCounts>* by_level,
      const WholeSubtree* whole);
  // Adds the cubes of `whole`'s subtree over its whole months to `sink`
  // (month, level) and says true, when the store keeps them for every one
  // of those months under the tree's units (a month without any cube
  // counts as kept); otherwise adds nothing and says false
  // (subtree_cubes.cc).
  absl::StatusOr<bool> ReadSubtreeCubes(
      Connection* conn, const WholeSubtree& whole,
      absl::FunctionRef<DossierCounts*(int64_t month, absl::string_view level)>
          sink);

  Database* db_;
  const UnitTreeHolder* units_;  // may be null
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_STATS_STORE_H_
