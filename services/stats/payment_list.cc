#include "services/stats/payment_list.h"

#include "absl/strings/str_cat.h"
#include "services/stats/member_pages.h"
#include "services/stats/stats_names.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {
namespace {

// Fills the page's own message, as a dossier list does (dossier_list.cc).
void FillPayment(const Statement& q, v1::Payment* payment) {
  v1::Payment& p = *payment;
  p.set_transaction_id(std::string(q.ColumnText(0)));
  p.set_unit_code(std::string(q.ColumnText(1)));
  p.set_paid_at(std::string(q.ColumnText(2)));
  p.set_amount_vnd(q.ColumnInt(3));
  v1::PaymentStatus status;
  if (ParsePaymentStatus(q.ColumnText(4), &status)) p.set_status(status);
}

}  // namespace

absl::Status StatsStore::ListPayments(const PaymentListQuery& query,
                                      v1::ListPaymentsResponse* out) {
  MemberPageQuery page;
  page.members = &query.members;
  page.only_unit = query.only_unit;
  page.table = "payments";
  page.day_column = "paid_day";
  page.id_column = "transaction_id";
  page.columns = {"transaction_id", "unit_code", "paid_at", "amount_vnd",
                  "status"};
  if (query.status != v1::PAYMENT_STATUS_UNSPECIFIED) {
    page.condition =
        absl::StrCat("status = '", PaymentStatusName(query.status), "'");
  }
  if (!query.level.empty()) {
    absl::StrAppend(&page.condition, page.condition.empty() ? "" : " AND ",
                    "level = ?");
    page.bind_condition = [&query](Statement* s, int next) {
      s->BindText(next, query.level);
      return next + 1;
    };
  }
  page.limit = query.page_size;
  page.page_token = query.page_token;

  auto lease = db_->Acquire();
  if (!lease.ok()) return lease.status();
  Connection* conn = lease->get();
  // The count and the page from one state of the store.
  ReadTransaction read(conn);
  if (absl::Status s = read.Begin(); !s.ok()) return s;

  out->Clear();  // a failed attempt's rows go
  if (query.page_token.empty()) {
    absl::flat_hash_map<std::string, LevelCounts> by_level;
    if (absl::Status s =
            ReadCountsOn(conn, WantedMembers(query.members, query.only_unit),
                         &by_level, nullptr);
        !s.ok()) {
      return s;
    }
    int64_t successful = 0, failed = 0, amount = 0;
    for (const auto& [level, counts] : by_level) {
      if (!query.level.empty() && level != query.level) continue;
      successful += counts.payments.successful;
      failed += counts.payments.failed;
      amount += counts.payments.amount_vnd;
    }
    // The amount is the successful payments' (a failed one moved no money).
    switch (query.status) {
      case v1::PAYMENT_STATUS_SUCCESS:
        out->set_total_count(successful);
        out->set_total_amount_vnd(amount);
        break;
      case v1::PAYMENT_STATUS_FAILED:
        out->set_total_count(failed);
        break;
      default:
        out->set_total_count(successful + failed);
        out->set_total_amount_vnd(amount);
        break;
    }
  }
  if (absl::Status s = ReadMemberPage(
          conn, page,
          [out](const Statement& row) {
            FillPayment(row, out->add_payments());
          },
          out->mutable_next_page_token());
      !s.ok()) {
    return s;
  }
  return absl::OkStatus();
}

}  // namespace dtr::stats
