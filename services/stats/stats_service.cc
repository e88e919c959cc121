#include "services/stats/stats_service.h"

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/import_calls.h"
#include "common/request_checks.h"
#include "common/service_host.h"
#include "common/write_scope.h"
#include "services/stats/import_session.h"
#include "services/stats/indicator_query.h"

namespace dtr::stats {
namespace {}  // namespace

StatsServiceImpl::StatsServiceImpl(
    StatsStore* store, const UnitTreeHolder* units, RedisCache* cache,
    Executor* reads, Executor* writes, AsyncSemaphore* write_slots,
    HeadlineGauges* gauges, ServiceMetrics* metrics, IdleCallWatchdog* watchdog,
    const PolicyHolder* policy)
    : store_(store),
      units_(units),
      policy_(policy),
      cache_(cache),
      reads_(reads),
      writes_(writes),
      write_slots_(write_slots),
      gauges_(gauges),
      metrics_(metrics),
      watchdog_(watchdog) {}

std::unique_ptr<ImportSession> StatsServiceImpl::NewSession(
    const grpc::CallbackServerContext& context) {
  return std::make_unique<ImportSession>(store_, units_->Get(),
                                         WriteScope::ForCall(context, policy_));
}

void StatsServiceImpl::AfterWrite() {
  cache_->BumpGeneration();
  if (gauges_ != nullptr) gauges_->MarkStale();
}

grpc::ServerReadReactor<v1::ImportDossiersRequest>*
StatsServiceImpl::ImportDossiers(grpc::CallbackServerContext* context,
                                 v1::ImportDossiersResponse* response) {
  return new ImportReactor<ImportSession, v1::ImportDossiersRequest,
                           v1::ImportDossiersResponse>(
      this, context, response, NewSession(*context), "dossier");
}

grpc::ServerReadReactor<v1::ImportPaymentsRequest>*
StatsServiceImpl::ImportPayments(grpc::CallbackServerContext* context,
                                 v1::ImportPaymentsResponse* response) {
  return new ImportReactor<ImportSession, v1::ImportPaymentsRequest,
                           v1::ImportPaymentsResponse>(
      this, context, response, NewSession(*context), "payment");
}

grpc::ServerUnaryReactor* StatsServiceImpl::BatchUpsertDossiers(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertDossiersRequest* request,
    v1::BatchUpsertDossiersResponse* response) {
  return BatchUpsert<ImportSession>(this, context, request, response,
                                    NewSession(*context), "dossier");
}

grpc::ServerUnaryReactor* StatsServiceImpl::BatchUpsertPayments(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertPaymentsRequest* request,
    v1::BatchUpsertPaymentsResponse* response) {
  return BatchUpsert<ImportSession>(this, context, request, response,
                                    NewSession(*context), "payment");
}

grpc::ServerUnaryReactor* StatsServiceImpl::GetIndicators(
    grpc::CallbackServerContext* context,
    const v1::GetIndicatorsRequest* request,
    v1::GetIndicatorsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (request->unit_code().empty()) {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "unit_code: is required"));
    return reactor;
  }
  absl::StatusOr<DayRange> range = CheckDateRange(request->range());
  if (!range.ok()) {
    reactor->Finish(ToGrpcStatus(range.status()));
    return reactor;
  }
  // The cache lookup too runs off the gRPC threads: a Redis that stalls
  // must not stall health checks and every other call with it.
  reads_->Submit([this, context, request, response, reactor, range = *range] {
    if (context->IsCancelled()) {  // its deadline passed while queued
      reactor->Finish(grpc::Status::CANCELLED);
      return;
    }
    std::shared_ptr<const UnitTree> units = units_->Get();
    const std::string key =
        IndicatorsCacheKey(request->unit_code(), range, units->fingerprint());
    RedisCache::Lookup cached = cache_->Get(key);
    if (cached.value && response->ParseFromString(*cached.value)) {
      reactor->Finish(grpc::Status::OK);
      return;
    }
    const absl::Time start = absl::Now();
    auto answer =
        ComputeIndicators(*store_, *units, request->unit_code(), range);
    metrics_->ObserveOperation("indicators", absl::Now() - start);
    if (!answer.ok()) {
      reactor->Finish(ToGrpcStatus(answer.status()));
      return;
    }
    *response = std::move(*answer);
    if (cached.generation) {
      cache_->Put(*cached.generation, key, response->SerializeAsString());
    }
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* StatsServiceImpl::ListUnits(
    grpc::CallbackServerContext* context, const v1::ListUnitsRequest* request,
    v1::ListUnitsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::CivilDay day = Today();
  if (!request->on_date().empty()) {
    auto parsed = ParseIsoDate(request->on_date());
    if (!parsed) {
      reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                   "on_date: expected YYYY-MM-DD"));
      return reactor;
    }
    day = *parsed;
  }
  int64_t offset = 0;
  if (!request->page_token().empty() &&
      (!absl::SimpleAtoi(request->page_token(), &offset) || offset < 0)) {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "page_token: not a token this service gave"));
    return reactor;
  }
  if (request->page_size() < 0) {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "page_size: must not be negative"));
    return reactor;
  }
  const int64_t page_size =
      request->page_size() == 0 ? 1000 : std::min(request->page_size(), 10000);
  std::shared_ptr<const UnitTree> units = units_->Get();
  if (!request->root_code().empty() &&
      units->Find(request->root_code(), day) == nullptr) {
    reactor->Finish(
        grpc::Status(grpc::StatusCode::NOT_FOUND,
                     absl::StrCat("root_code: unit '", request->root_code(),
                                  "' does not exist on ", FormatDay(day))));
    return reactor;
  }
  std::vector<const UnitVersion*> list =
      units->ListOn(day, request->root_code(), request->level());
  if (offset > static_cast<int64_t>(list.size())) {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "page_token: not a token this service gave"));
    return reactor;
  }
  for (int64_t i = offset;
       i < static_cast<int64_t>(list.size()) && i < offset + page_size; ++i) {
    const UnitVersion& v = *list[i];
    common::v1::Unit* unit = response->add_units();
    unit->mutable_ref()->set_code(v.code);
    unit->mutable_ref()->set_name(v.name);
    unit->mutable_ref()->set_level(v.level);
    unit->set_parent_code(v.parent_code);
    if (!v.open_from) unit->set_valid_from(FormatDay(v.valid_from));
    if (!v.open_to) unit->set_valid_to(FormatDay(v.valid_to));
  }
  if (offset + page_size < static_cast<int64_t>(list.size())) {
    response->set_next_page_token(absl::StrCat(offset + page_size));
  }
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace dtr::stats
