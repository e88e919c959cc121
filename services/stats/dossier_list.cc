#include "services/stats/dossier_list.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "services/stats/member_pages.h"
#include "services/stats/stats_names.h"
#include "services/stats/stats_store.h"
#include "services/stats/unit_rankings.h"

namespace dtr::stats {
namespace {

// Fills the page's own message: a page is thousands of these, and a copy
// of each would allocate every text twice.
void FillDossier(const Statement& q, v1::Dossier* dossier) {
  v1::Dossier& d = *dossier;
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
  if (!q.ColumnIsNull(10)) d.set_components_digitized(q.ColumnInt(10) != 0);
  if (!q.ColumnIsNull(11)) d.set_results_reused(q.ColumnInt(11) != 0);
}

}  // namespace

absl::StatusOr<std::string> FigureCondition(
    const IndicatorDefinitions& definitions, const std::string& figure,
    v1::FigurePart part) {
  const int rate = IndicatorDefinitions::RateIndex(figure);
  if (rate < 0) {
    return Invalid("figure", absl::StrCat("'", figure,
                                          "' is not a rate of dossiers; "
                                          "expected ",
                                          kDossierRateNames));
  }
  const std::string& denominator = definitions.rate(rate).denominator.sql;
  const std::string& numerator = definitions.rate(rate).numerator.sql;
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

int64_t PartCount(const common::v1::Ratio& rate, v1::FigurePart part) {
  switch (part) {
    case v1::FIGURE_PART_NUMERATOR:
      return rate.numerator();
    case v1::FIGURE_PART_DENOMINATOR:
      return rate.denominator();
    default:
      return rate.denominator() - rate.numerator();
  }
}

absl::Status StatsStore::ListDossiers(const DossierListQuery& query,
                                      v1::ListDossiersResponse* out) {
  auto condition =
      FigureCondition(*query.definitions, query.figure, query.part);
  if (!condition.ok()) return condition.status();
  MemberPageQuery page;
  page.members = &query.members;
  page.only_unit = query.only_unit;
  page.table = "dossiers";
  page.day_column = "received_day";
  page.id_column = "dossier_id";
  page.columns = {"dossier_id",
                  "unit_code",
                  "procedure_code",
                  "received_at",
                  "channel",
                  "service_level",
                  "digitized",
                  "status",
                  "due_at",
                  "finished_at",
                  "components_digitized",
                  "results_reused"};
  page.condition = *condition;
  if (!query.level.empty()) absl::StrAppend(&page.condition, " AND level = ?");
  if (!query.procedure_code.empty()) {
    absl::StrAppend(&page.condition, " AND procedure_code = ?");
  }
  page.bind_condition = [&query](Statement* s, int next) {
    if (!query.level.empty()) s->BindText(next++, query.level);
    if (!query.procedure_code.empty()) {
      s->BindText(next++, query.procedure_code);
    }
    return next;
  };
  page.limit = query.page_size;
  page.page_token = query.page_token;

  auto lease = db_->Acquire();
  if (!lease.ok()) return lease.status();
  Connection* conn = lease->get();
  // The count and the page from one state of the store.
  ReadTransaction read(conn);
  if (absl::Status s = read.Begin(); !s.ok()) return s;

  out->Clear();  // a failed attempt's rows go
  if (query.page_token.empty() && query.known_total) {
    out->set_total_count(*query.known_total);
  } else if (query.page_token.empty() && query.procedure_code.empty()) {
    // The count is the figure's: the counters of the same members and days
    // hold it, where counting the rows would read every one of them (the
    // tests compare it with the rows listed).
    DossierCounts counts, other_levels;
    if (absl::Status s = ReadMemberCountsOn(
            conn, WantedMembers(query.members, query.only_unit),
            [&](size_t, int64_t, absl::string_view level) {
              return query.level.empty() || level == query.level
                         ? &counts
                         : &other_levels;
            },
            nullptr);
        !s.ok()) {
      return s;
    }
    v1::IndicatorSet set;
    query.definitions->Fill(counts, PaymentCounts(), &set);
    out->set_total_count(
        PartCount(**RateOf(set, query.figure, "figure"), query.part));
  } else if (query.page_token.empty()) {
    // A procedure: the counters do not know it; its rows are counted.
    auto total = CountMemberRows(conn, page);
    if (!total.ok()) return total.status();
    out->set_total_count(*total);
  }
  if (absl::Status s = ReadMemberPage(
          conn, page,
          [out](const Statement& row) {
            FillDossier(row, out->add_dossiers());
          },
          out->mutable_next_page_token());
      !s.ok()) {
    return s;
  }
  return absl::OkStatus();
}

}  // namespace dtr::stats
