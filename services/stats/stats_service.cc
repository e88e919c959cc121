#include "services/stats/stats_service.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "common/import_calls.h"
#include "common/request_checks.h"
#include "common/unary_calls.h"
#include "common/write_scope.h"
#include "services/stats/indicator_query.h"
#include "services/stats/unit_outliers.h"
#include "services/stats/unit_rankings.h"

namespace dtr::stats {
namespace {

// Units a page lists unless asked for fewer, and at most.
constexpr PageSizes kUnitPages{1000, 10000};

// A month "YYYY-MM", or INVALID_ARGUMENT naming `field`.
absl::StatusOr<absl::CivilMonth> CheckMonth(absl::string_view field,
                                            const std::string& text) {
  const std::optional<absl::CivilDay> first =
      text.size() == 7 ? ParseIsoDate(text + "-01") : std::nullopt;
  if (!first) return BadDate(field, text, DateForm::kMonth);
  return absl::CivilMonth(*first);
}

}  // namespace

StatsServiceImpl::StatsServiceImpl(Deps deps)
    : d_(deps), writes_(d_.env, [gauges = d_.gauges] {
        if (gauges != nullptr) gauges->MarkStale();
      }) {
  SetMessageAllocatorFor_GetIndicators(&indicator_answers_);
  SetMessageAllocatorFor_ListDossiers(&dossier_pages_);
  SetMessageAllocatorFor_ListPayments(&payment_pages_);
}

template <typename Kind>
std::unique_ptr<ImportSession<Kind>> StatsServiceImpl::NewSession(
    const grpc::CallbackServerContext& context) const {
  return std::make_unique<ImportSession<Kind>>(
      Kind(d_.store, d_.env.units->Get(),
           WriteScope::ForCall(context, d_.env.policy)));
}

grpc::ServerReadReactor<v1::ImportDossiersRequest>*
StatsServiceImpl::ImportDossiers(grpc::CallbackServerContext* context,
                                 v1::ImportDossiersResponse* response) {
  return StreamImport<v1::ImportDossiersRequest>(
      &writes_, context, response, NewSession<DossierImport>(*context),
      "dossier");
}

grpc::ServerReadReactor<v1::ImportPaymentsRequest>*
StatsServiceImpl::ImportPayments(grpc::CallbackServerContext* context,
                                 v1::ImportPaymentsResponse* response) {
  return StreamImport<v1::ImportPaymentsRequest>(
      &writes_, context, response, NewSession<PaymentImport>(*context),
      "payment");
}

grpc::ServerUnaryReactor* StatsServiceImpl::BatchUpsertDossiers(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertDossiersRequest* request,
    v1::BatchUpsertDossiersResponse* response) {
  return BatchUpsert(&writes_, context, request, response,
                     NewSession<DossierImport>(*context), "dossier");
}

grpc::ServerUnaryReactor* StatsServiceImpl::BatchUpsertPayments(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertPaymentsRequest* request,
    v1::BatchUpsertPaymentsResponse* response) {
  return BatchUpsert(&writes_, context, request, response,
                     NewSession<PaymentImport>(*context), "payment");
}

grpc::ServerUnaryReactor* StatsServiceImpl::GetIndicators(
    grpc::CallbackServerContext* context, const v1::GetIndicatorsRequest* r,
    v1::GetIndicatorsResponse* response) {
  if (r->unit_code().empty()) {
    return AnswerNow(context, Invalid("unit_code", "is required"));
  }
  absl::StatusOr<DayRange> range = CheckDateRange(r->range());
  if (!range.ok()) return AnswerNow(context, range.status());
  std::shared_ptr<const UnitTree> units = d_.env.units->Get();
  std::shared_ptr<const IndicatorVersions> rules = d_.indicators->Get();
  auto definitions = rules->InForce(range->last);
  if (!definitions.ok()) return AnswerNow(context, definitions.status());
  std::string key = IndicatorsCacheKey(r->unit_code(), *range,
                                       units->fingerprint(), **definitions);
  // An answer the process holds in memory is given at once; a lookup in
  // Redis runs off the gRPC threads: a Redis that stalls must not stall
  // health checks and every other call with it.
  // The answers are cached by the content of the definitions; their days
  // and legal basis are named as they stand now.
  if (KeptAnswer(d_.env, key, response)) {
    *response->mutable_indicators_version() = (*definitions)->meta;
    return AnswerNow(context, absl::OkStatus());
  }
  return ReadCall(
      d_.env.reads, context,
      [this, r, response, range = *range, units = std::move(units),
       rules = std::move(rules), definitions = *definitions,
       key = std::move(key)]() -> absl::Status {
        absl::Status read =
            CachedRead(d_.env, key, "indicators", response, [&] {
              return ComputeIndicators(*d_.store, *units, *definitions,
                                       r->unit_code(), range);
            });
        if (read.ok()) {
          *response->mutable_indicators_version() = definitions->meta;
        }
        return read;
      });
}

namespace {

// What every list behind a figure needs of its request: a unit, a range
// of days and a page size a list takes; the range, or INVALID_ARGUMENT
// naming the field.
absl::StatusOr<DayRange> CheckListRequest(const std::string& unit_code,
                                          const common::v1::DateRange& range,
                                          int32_t page_size) {
  if (unit_code.empty()) return Invalid("unit_code", "is required");
  absl::StatusOr<DayRange> days = CheckDateRange(range);
  if (!days.ok()) return days.status();
  if (page_size < 0 || page_size > kMaxDossierPage) {
    return Invalid("page_size", absl::StrCat("from 0 (", kDefaultDossierPage,
                                             ") to ", kMaxDossierPage));
  }
  return days;
}

// The members a list behind a figure reads, in a stable order (by code,
// then first day); NOT_FOUND for the unit, INVALID_ARGUMENT for an
// only_unit outside its subtree.
absl::StatusOr<std::vector<SubtreeMember>> ListMembers(
    const UnitTree& units, const std::string& unit,
    const std::string& only_unit, DayRange range) {
  if (units.FindInRange(unit, range) == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("unit_code: unit '", unit, "' does not exist between ",
                     FormatDay(range.first), " and ", FormatDay(range.last)));
  }
  std::vector<SubtreeMember> members = units.Subtree(unit, range);
  std::sort(members.begin(), members.end(),
            [](const SubtreeMember& a, const SubtreeMember& b) {
              return std::tie(a.code, a.days.first) <
                     std::tie(b.code, b.days.first);
            });
  if (!only_unit.empty() &&
      std::none_of(members.begin(), members.end(), [&](const SubtreeMember& m) {
        return m.code == only_unit;
      })) {
    return Invalid("only_unit", absl::StrCat("unit '", only_unit,
                                             "' is not in the subtree of ",
                                             unit, " in the range"));
  }
  return members;
}

}  // namespace

grpc::ServerUnaryReactor* StatsServiceImpl::ListDossiers(
    grpc::CallbackServerContext* context, const v1::ListDossiersRequest* r,
    v1::ListDossiersResponse* response) {
  absl::StatusOr<DayRange> range =
      CheckListRequest(r->unit_code(), r->range(), r->page_size());
  if (!range.ok()) return AnswerNow(context, range.status());
  // The definitions of the figure the list is behind: in force on the
  // range's last day, as GetIndicators applies them.
  std::shared_ptr<const IndicatorVersions> rules = d_.indicators->Get();
  auto definitions = rules->InForce(range->last);
  if (!definitions.ok()) return AnswerNow(context, definitions.status());
  if (auto condition =
          FigureCondition(*(*definitions)->value, r->figure(), r->part());
      !condition.ok()) {
    return AnswerNow(context, condition.status());
  }
  // The records themselves, a page at a time, never cached; only the first
  // page's count may come from the cache (the figure's, FigureCount).
  return ReadCall(d_.env.reads, context,
                  [this, r, response, range = *range, rules = std::move(rules),
                   definitions = *definitions]() -> absl::Status {
                    auto members =
                        ListMembers(*d_.env.units->Get(), r->unit_code(),
                                    r->only_unit(), range);
                    if (!members.ok()) return members.status();
                    DossierListQuery query;
                    query.members = std::move(*members);
                    if (r->page_token().empty() && r->only_unit().empty() &&
                        r->procedure_code().empty()) {
                      auto count = FigureCount(*r, range, *definitions);
                      if (!count.ok()) return count.status();
                      query.known_total = *count;
                    }
                    query.definitions = definitions->value.get();
                    query.figure = r->figure();
                    query.part = r->part();
                    query.level = r->level();
                    query.only_unit = r->only_unit();
                    query.procedure_code = r->procedure_code();
                    query.page_size = r->page_size() == 0 ? kDefaultDossierPage
                                                          : r->page_size();
                    query.page_token = r->page_token();
                    return d_.store->ListDossiers(query, response);
                  });
}

absl::StatusOr<int64_t> StatsServiceImpl::FigureCount(
    const v1::ListDossiersRequest& r, DayRange range,
    const IndicatorVersions::Version& definitions) {
  // From GetIndicators' answer, which the figure's reader has just had
  // cached (a drill-down starts from the figure), or computed and cached
  // now.
  std::shared_ptr<const UnitTree> units = d_.env.units->Get();
  v1::GetIndicatorsResponse figures;
  absl::Status read =
      CachedRead(d_.env,
                 IndicatorsCacheKey(r.unit_code(), range, units->fingerprint(),
                                    definitions),
                 "indicators", &figures, [&] {
                   return ComputeIndicators(*d_.store, *units, definitions,
                                            r.unit_code(), range);
                 });
  if (!read.ok()) return read;
  static const v1::IndicatorSet kNone;  // a level without dossiers
  const v1::IndicatorSet* set = r.level().empty() ? &figures.total() : &kNone;
  for (const v1::LevelIndicators& l : figures.levels()) {
    if (!r.level().empty() && l.level() == r.level()) set = &l.indicators();
  }
  return PartCount(**RateOf(*set, r.figure(), "figure"), r.part());
}

grpc::ServerUnaryReactor* StatsServiceImpl::ListPayments(
    grpc::CallbackServerContext* context, const v1::ListPaymentsRequest* r,
    v1::ListPaymentsResponse* response) {
  absl::StatusOr<DayRange> range =
      CheckListRequest(r->unit_code(), r->range(), r->page_size());
  if (!range.ok()) return AnswerNow(context, range.status());
  if (!v1::PaymentStatus_IsValid(r->status())) {
    return AnswerNow(context,
                     Invalid("status", "expected success, failed or none"));
  }
  return ReadCall(d_.env.reads, context,
                  [this, r, response, range = *range]() -> absl::Status {
                    auto members =
                        ListMembers(*d_.env.units->Get(), r->unit_code(),
                                    r->only_unit(), range);
                    if (!members.ok()) return members.status();
                    PaymentListQuery query;
                    query.members = std::move(*members);
                    query.status = r->status();
                    query.level = r->level();
                    query.only_unit = r->only_unit();
                    query.page_size = r->page_size() == 0 ? kDefaultDossierPage
                                                          : r->page_size();
                    query.page_token = r->page_token();
                    return d_.store->ListPayments(query, response);
                  });
}

grpc::ServerUnaryReactor* StatsServiceImpl::RankUnits(
    grpc::CallbackServerContext* context, const v1::RankUnitsRequest* r,
    v1::RankUnitsResponse* response) {
  if (r->unit_code().empty()) {
    return AnswerNow(context, Invalid("unit_code", "is required"));
  }
  if (r->level().empty()) {
    return AnswerNow(context, Invalid("level", "is required"));
  }
  if (r->min_denominator() < 0) {
    return AnswerNow(context,
                     Invalid("min_denominator", "must not be negative"));
  }
  absl::StatusOr<DayRange> range = CheckDateRange(r->range());
  if (!range.ok()) return AnswerNow(context, range.status());
  return ReadCall(d_.env.reads, context,
                  [this, r, response, range = *range]() -> absl::Status {
                    std::shared_ptr<const UnitTree> units = d_.env.units->Get();
                    std::shared_ptr<const IndicatorVersions> rules =
                        d_.indicators->Get();
                    auto definitions = rules->InForce(range.last);
                    if (!definitions.ok()) return definitions.status();
                    auto ranked = stats::RankUnits(
                        *d_.store, *units, *(*definitions)->value, *r, range);
                    if (!ranked.ok()) return ranked.status();
                    *response = std::move(*ranked);
                    return absl::OkStatus();
                  });
}

grpc::ServerUnaryReactor* StatsServiceImpl::GetTrend(
    grpc::CallbackServerContext* context, const v1::GetTrendRequest* r,
    v1::GetTrendResponse* response) {
  if (r->unit_code().empty()) {
    return AnswerNow(context, Invalid("unit_code", "is required"));
  }
  absl::StatusOr<absl::CivilMonth> from =
      CheckMonth("from_month", r->from_month());
  if (!from.ok()) return AnswerNow(context, from.status());
  absl::StatusOr<absl::CivilMonth> to = CheckMonth("to_month", r->to_month());
  if (!to.ok()) return AnswerNow(context, to.status());
  if (*to < *from) {
    return AnswerNow(context, Invalid("to_month", "is before from_month"));
  }
  if (*to - *from >= kMaxTrendMonths) {
    return AnswerNow(
        context, Invalid("to_month", absl::StrCat("at most ", kMaxTrendMonths,
                                                  " months from from_month")));
  }
  return ReadCall(
      d_.env.reads, context,
      [this, r, response, from = *from, to = *to]() -> absl::Status {
        std::shared_ptr<const UnitTree> units = d_.env.units->Get();
        std::shared_ptr<const IndicatorVersions> rules = d_.indicators->Get();
        auto trend = Trend(*d_.store, *units, *rules, r->unit_code(),
                           r->indicator(), from, to);
        if (!trend.ok()) return trend.status();
        *response = std::move(*trend);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* StatsServiceImpl::ListOutliers(
    grpc::CallbackServerContext* context, const v1::ListOutliersRequest* r,
    v1::ListOutliersResponse* response) {
  if (r->unit_code().empty()) {
    return AnswerNow(context, Invalid("unit_code", "is required"));
  }
  absl::StatusOr<absl::CivilMonth> month = CheckMonth("month", r->month());
  if (!month.ok()) return AnswerNow(context, month.status());
  if (r->threshold() < 0) {
    return AnswerNow(context, Invalid("threshold", "must not be negative"));
  }
  return ReadCall(
      d_.env.reads, context,
      [this, r, response, month = *month]() -> absl::Status {
        std::shared_ptr<const UnitTree> units = d_.env.units->Get();
        const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
        if (units->Find(r->unit_code(), last) == nullptr) {
          return absl::NotFoundError(
              absl::StrCat("unit_code: unit '", r->unit_code(),
                           "' does not exist on ", FormatDay(last)));
        }
        // The month's definitions over its whole history: a changed
        // formula is no broken feed.
        std::shared_ptr<const IndicatorVersions> rules = d_.indicators->Get();
        auto definitions = rules->InForce(last);
        if (!definitions.ok()) return definitions.status();
        auto counts = d_.store->MonthlyCountsByUnit(
            MonthNumber(absl::CivilDay(month - kOutlierHistoryMonths)),
            MonthNumber(last));
        if (!counts.ok()) return counts.status();
        *response = FindOutliers(
            *units, *(*definitions)->value, r->unit_code(), month, *counts,
            r->threshold() > 0 ? r->threshold() : kDefaultOutlierThreshold);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* StatsServiceImpl::ListIndicatorDefinitions(
    grpc::CallbackServerContext* context,
    const v1::ListIndicatorDefinitionsRequest* r,
    v1::ListIndicatorDefinitionsResponse* response) {
  // From the definitions in memory: answered at once.
  absl::StatusOr<absl::CivilDay> day = DayOrToday("on_date", r->on_date());
  if (!day.ok()) return AnswerNow(context, day.status());
  std::shared_ptr<const IndicatorVersions> rules = d_.indicators->Get();
  auto version = rules->InForce(*day);
  if (!version.ok()) return AnswerNow(context, version.status());
  *response->mutable_version() = (*version)->meta;
  for (int i = 0; i < kDossierRateCount; ++i) {
    const RateDefinition& rate = (*version)->value->rate(i);
    v1::IndicatorDefinition* out = response->add_definitions();
    out->set_rate(kDossierRates[i]);
    out->set_denominator(rate.denominator.sql);
    out->set_numerator(rate.numerator.sql);
  }
  return AnswerNow(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* StatsServiceImpl::ListUnits(
    grpc::CallbackServerContext* context, const v1::ListUnitsRequest* r,
    v1::ListUnitsResponse* response) {
  // From the tree in memory: answered at once.
  auto list = [this, r, response]() -> absl::Status {
    absl::StatusOr<absl::CivilDay> day = DayOrToday("on_date", r->on_date());
    if (!day.ok()) return day.status();
    if (auto offset = PageOffset(r->page_token()); !offset.ok()) {
      return offset.status();
    }
    if (r->page_size() < 0) return Invalid("page_size", "must not be negative");
    std::shared_ptr<const UnitTree> units = d_.env.units->Get();
    if (!r->root_code().empty() &&
        units->Find(r->root_code(), *day) == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("root_code: unit '", r->root_code(),
                       "' does not exist on ", FormatDay(*day)));
    }
    return AddPage(
        units->ListOn(*day, r->root_code(), r->level()), r->page_size(),
        r->page_token(),
        [response](const UnitVersion& v) {
          common::v1::Unit* unit = response->add_units();
          unit->mutable_ref()->set_code(v.code);
          unit->mutable_ref()->set_name(v.name);
          unit->mutable_ref()->set_level(v.level);
          unit->set_parent_code(v.parent_code);
          if (!v.open_from) unit->set_valid_from(FormatDay(v.valid_from));
          if (!v.open_to) unit->set_valid_to(FormatDay(v.valid_to));
        },
        response->mutable_next_page_token(), kUnitPages);
  };
  return AnswerNow(context, list());
}

}  // namespace dtr::stats
