// One import call of one kind of record: its rows numbered across all the
// call's messages, checked, and written in one transaction by the rules of
// import_ledger.h. The session keeps the ledger, the transaction and how
// the import ends; the service supplies a `Kind` saying how its
// transaction begins and how a row is checked and written:
//
//   struct Kind {
//     using Row = v1::Dossier;        // the repeated field of the requests
//     using Transaction = ...;        // absl::Status Commit(); rolls back
//                                     // when destroyed uncommitted
//     static constexpr bool kWritesEachRow = ...;
//     absl::StatusOr<std::unique_ptr<Transaction>> Begin();
//     std::string IdOf(const Row&) const;  // the row's record, in errors
//     // The request's other fields, before its rows (the security
//     // service's change context); an error ends the import.
//     template <typename Request> absl::Status Prepare(const Request&);
//
//     // kWritesEachRow: each row is checked and written as it comes, also
//     // while only validating or once the import is refused, so that later
//     // rows are checked against earlier ones (a system in one row, its
//     // controls in the next); the transaction is rolled back at the end
//     // unless the import is kept. A row error (IsRowError) rejects the
//     // row, any other error ends the import.
//     absl::StatusOr<UpsertOutcome> Put(Transaction&, const Row&);
//
//     // !kWritesEachRow: a message's rows are checked first and the valid
//     // ones written together, a few statements for the whole message,
//     // only when they are to be kept; the same record twice in one
//     // message is refused (which version should win is not for the
//     // service to guess).
//     using Record = ...;
//     static constexpr char kIdField[] = "dossier_id";
//     absl::Status Check(const Row&, Record*);    // INVALID_ARGUMENT
//     absl::Status Reach(const Record&) const;    // PERMISSION_DENIED
//     absl::StatusOr<std::vector<UpsertOutcome>> PutAll(
//         Transaction&, const std::vector<Record>&);
//     // What PutAll would do, read without writing (validate_only).
//     absl::StatusOr<std::vector<UpsertOutcome>> Preview(
//         const std::vector<Record>&);
//   };
//
// A message's valid rows are written on a thread of the session's while the
// call's next message is received and checked (the two take about as long
// as each other on a bulk import); the next message's rows are written
// only once that write is done, so writes stay in order and one at a time
// on the transaction. A failed write ends the import at the next message
// or at Finish.
//
// Not thread-safe: one session per call, fed one message at a time.
#ifndef DTR_COMMON_IMPORT_SESSION_H_
#define DTR_COMMON_IMPORT_SESSION_H_

#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/executor.h"
#include "common/field_checks.h"
#include "common/import_ledger.h"
#include "common/unit_tree.h"
#include "common/write_scope.h"
#include "dtr/common/v1/types.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/reflection.h"

namespace dtr {

// The rows of type `Row` a request carries: its repeated field of them
// (every import request has one), seen in place.
template <typename Row>
google::protobuf::RepeatedFieldRef<Row> RowsIn(
    const google::protobuf::Message& request) {
  const google::protobuf::Descriptor* d = request.GetDescriptor();
  const google::protobuf::FieldDescriptor* rows = nullptr;
  for (int i = 0; i < d->field_count() && rows == nullptr; ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    if (f->is_repeated() && f->message_type() == Row::descriptor()) rows = f;
  }
  if (rows == nullptr) {  // an import call wired to the wrong kind
    std::fprintf(stderr, "%s carries no repeated %s\n", d->full_name().c_str(),
                 Row::descriptor()->full_name().c_str());
    std::abort();
  }
  return request.GetReflection()->GetRepeatedFieldRef<Row>(request, rows);
}

// What most kinds share: a store whose BeginWrite() starts their
// transaction, the unit tree as the call found it, where the caller may
// write, and requests with nothing but rows and options.
template <typename Store>
class StoreImport {
 public:
  using Transaction = typename Store::Transaction;

  StoreImport(Store* store, std::shared_ptr<const UnitTree> units,
              WriteScope scope)
      : store_(store), units_(std::move(units)), scope_(std::move(scope)) {}

  absl::StatusOr<std::unique_ptr<Transaction>> Begin() {
    return store_->BeginWrite();
  }
  template <typename Request>
  absl::Status Prepare(const Request&) {
    return absl::OkStatus();
  }

 protected:
  Store* store_;
  std::shared_ptr<const UnitTree> units_;
  WriteScope scope_;
};

template <typename Kind>
class ImportSession {
 public:
  using Row = typename Kind::Row;
  using Transaction = typename Kind::Transaction;

  explicit ImportSession(Kind kind) : kind_(std::move(kind)) {}
  // A write still running finishes before its transaction is rolled back.
  ~ImportSession() {
    if (pending_write_.valid()) pending_write_.wait();
  }
  ImportSession(const ImportSession&) = delete;
  ImportSession& operator=(const ImportSession&) = delete;

  // The first message's options hold for the whole import.
  void SetOptions(const common::v1::ImportOptions& options) {
    ledger_.SetOptions(options);
  }
  // A call of one message (a batch upsert): its rows are written on the
  // caller's thread, there being no next message to overlap with.
  void WriteInline() { write_inline_ = true; }
  // Validating writes nothing unless rows are checked by writing them.
  bool needs_write_slot() const {
    return Kind::kWritesEachRow || !ledger_.options().validate_only();
  }

  // An error here is the store's (unavailable, full) or the request's: the
  // import is over.
  template <typename Request>
  absl::Status AddBatch(const Request& request) {
    if (absl::Status s = kind_.Prepare(request); !s.ok()) return s;
    const google::protobuf::RepeatedFieldRef<Row> rows = RowsIn<Row>(request);
    if constexpr (Kind::kWritesEachRow) {
      return PutEach(rows);
    } else {
      return PutValid(rows);
    }
  }

  // Commits and fills `summary`, or refuses the import (ImportLedger).
  absl::Status Finish(common::v1::ImportSummary* summary,
                      common::v1::RowErrors* errors) {
    if (absl::Status s = AwaitWrite(); !s.ok()) return s;
    if (ledger_.Refused()) {
      tx_.reset();
      return ledger_.Refusal(errors);
    }
    // Counted before the commit, which stores the call's audit event with
    // its rows (audit_log.h).
    ledger_.FillSummary(summary);
    if (tx_ != nullptr && ledger_.ShouldWrite()) {
      if (absl::Status s = tx_->Commit(); !s.ok()) return s;
      changed_store_ = ledger_.changed();
    }
    tx_.reset();  // a validation is rolled back here
    return absl::OkStatus();
  }

  // True once a commit changed some record.
  bool changed_store() const { return changed_store_; }

 private:
  absl::Status BeginOnce() {
    if (tx_ != nullptr) return absl::OkStatus();
    auto tx = kind_.Begin();
    if (!tx.ok()) return tx.status();
    tx_ = std::move(*tx);
    return absl::OkStatus();
  }

  // A row refused: out of the caller's reach refuses the whole import.
  void Refuse(const Row& row, const absl::Status& problem) {
    if (absl::IsPermissionDenied(problem)) {
      ledger_.Deny(kind_.IdOf(row), problem);
    } else {
      ledger_.Reject(kind_.IdOf(row), problem);
    }
  }

  absl::Status PutEach(const google::protobuf::RepeatedFieldRef<Row>& rows) {
    if (absl::Status s = BeginOnce(); !s.ok()) return s;
    for (const Row& row : rows) {
      ledger_.NextRow();
      absl::StatusOr<UpsertOutcome> outcome = kind_.Put(*tx_, row);
      if (!outcome.ok()) {
        if (!IsRowError(outcome.status())) return outcome.status();
        Refuse(row, outcome.status());
        continue;
      }
      // Counted when written, and when only validated: what it would do.
      if (ledger_.ShouldWrite() || ledger_.options().validate_only()) {
        ledger_.Count(*outcome);
      }
    }
    return absl::OkStatus();
  }

  absl::Status PutValid(const google::protobuf::RepeatedFieldRef<Row>& rows) {
    std::vector<typename Kind::Record> valid;
    valid.reserve(rows.size());
    absl::flat_hash_map<std::string, int64_t> row_of_id;
    typename Kind::Record record;
    int64_t row_in_message = 0;
    for (const Row& row : rows) {
      ledger_.NextRow();
      ++row_in_message;
      if (absl::Status s = kind_.Check(row, &record); !s.ok()) {
        ledger_.Reject(kind_.IdOf(row), s);
        continue;
      }
      auto [first, added] =
          row_of_id.try_emplace(kind_.IdOf(row), row_in_message);
      if (!added) {
        ledger_.Reject(first->first,
                       Invalid(Kind::kIdField,
                               absl::StrCat("'", first->first,
                                            "' appears twice in one message "
                                            "(also its record ",
                                            first->second, ")")));
        continue;
      }
      if (absl::Status s = kind_.Reach(record); !s.ok()) {
        ledger_.Deny(first->first, s);
        continue;
      }
      valid.push_back(record);
    }
    // Refused: roll back at once and free the write lock. Validate-only
    // (or an earlier invalid row without skip_invalid): checked, not
    // written.
    if (ledger_.Refused()) {
      if (absl::Status s = AwaitWrite(); !s.ok()) return s;
      tx_.reset();
    }
    if (ledger_.options().validate_only() && !valid.empty()) {
      // What writing them would do, read from the store without writing.
      auto outcomes = kind_.Preview(valid);
      if (!outcomes.ok()) return outcomes.status();
      for (UpsertOutcome outcome : *outcomes) ledger_.Count(outcome);
    }
    if (!ledger_.ShouldWrite() || valid.empty()) return absl::OkStatus();
    if (absl::Status s = AwaitWrite(); !s.ok()) return s;
    if (absl::Status s = BeginOnce(); !s.ok()) return s;
    // std::function holds copyable tasks only: the task is shared.
    auto write = std::make_shared<std::packaged_task<Outcomes()>>(
        [this, records = std::move(valid)] {
          return kind_.PutAll(*tx_, records);
        });
    pending_write_ = write->get_future();
    if (write_inline_) {
      (*write)();
      return absl::OkStatus();
    }
    if (writer_ == nullptr) writer_ = std::make_unique<Executor>(1);
    writer_->Submit([write] { (*write)(); });
    return absl::OkStatus();
  }

  // Waits for the write of the last message's rows and counts what it did.
  absl::Status AwaitWrite() {
    if (!pending_write_.valid()) return absl::OkStatus();
    Outcomes outcomes = pending_write_.get();
    if (!outcomes.ok()) return outcomes.status();
    for (UpsertOutcome outcome : *outcomes) ledger_.Count(outcome);
    return absl::OkStatus();
  }

  using Outcomes = absl::StatusOr<std::vector<UpsertOutcome>>;

  Kind kind_;
  ImportLedger ledger_;
  std::unique_ptr<Transaction> tx_;
  bool changed_store_ = false;
  bool write_inline_ = false;
  // The write on tx_ still running, if any (PutValid), on the session's
  // own thread, made at its first write (and joined before tx_ goes).
  std::future<Outcomes> pending_write_;
  std::unique_ptr<Executor> writer_;
};

}  // namespace dtr

#endif  // DTR_COMMON_IMPORT_SESSION_H_
