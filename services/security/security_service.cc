#include "services/security/security_service.h"

#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/caller.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "common/import_calls.h"
#include "common/request_checks.h"
#include "common/unary_calls.h"
#include "common/write_scope.h"
#include "services/security/compliance.h"
#include "services/security/dossier_life_cycle.h"
#include "services/security/records_behind.h"

namespace dtr::security {

SecurityServiceImpl::SecurityServiceImpl(Deps deps)
    : d_(deps), writes_(d_.env, [gauges = d_.gauges] {
        if (gauges != nullptr) gauges->MarkStale();
      }) {}

template <typename Response>
grpc::ServerUnaryReactor* SecurityServiceImpl::Change(
    grpc::CallbackServerContext* context, const v1::ChangeContext& change,
    Response* response,
    std::function<absl::StatusOr<Response>(SecurityChanges&, absl::Time)>
        apply) {
  if (absl::Status s = EffectiveTimeOf(change).status(); !s.ok()) {
    return AnswerNow(context, s);
  }
  Author author{CallerOf(context), change.reason(),
                WriteScope::ForCall(*context, d_.env.policy)};
  return WriteCall(
      &writes_, context,
      [this, response, change, apply = std::move(apply),
       author = std::move(author)]() -> absl::Status {
        // Read now, holding the write slot: "now" then comes after every
        // change written before this one.
        absl::StatusOr<EffectiveTime> effective = EffectiveTimeOf(change);
        if (!effective.ok()) return effective.status();
        auto tx = d_.store->BeginWrite();
        if (!tx.ok()) return tx.status();
        // Held for the whole change, whatever a reload does meanwhile.
        const std::shared_ptr<const UnitTree> units = d_.env.units->Get();
        const std::shared_ptr<const ControlCatalogues> catalogue =
            d_.catalogue->Get();
        SecurityChanges changes(tx->get(), units.get(), catalogue.get(), author,
                                effective->is_now);
        absl::StatusOr<Response> result = apply(changes, effective->at);
        if (!result.ok()) return result.status();
        if (absl::Status s = (*tx)->Commit(); !s.ok()) return s;
        *response = std::move(*result);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::Read(
    grpc::CallbackServerContext* context, std::function<absl::Status()> read) {
  return ReadCall(d_.env.reads, context, std::move(read));
}

grpc::ServerUnaryReactor* SecurityServiceImpl::CreateSystem(
    grpc::CallbackServerContext* context, const v1::CreateSystemRequest* r,
    v1::InformationSystem* response) {
  return Change<v1::InformationSystem>(
      context, r->context(), response,
      [r](SecurityChanges& c, absl::Time effective) {
        return c.CreateSystem(r->system(), effective);
      });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::UpdateSystem(
    grpc::CallbackServerContext* context, const v1::UpdateSystemRequest* r,
    v1::InformationSystem* response) {
  return Change<v1::InformationSystem>(
      context, r->context(), response,
      [r](SecurityChanges& c, absl::Time effective) {
        return c.UpdateSystem(*r, effective);
      });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::DraftDossier(
    grpc::CallbackServerContext* context, const v1::DossierStepRequest* r,
    v1::InformationSystem* response) {
  return Change<v1::InformationSystem>(
      context, r->context(), response,
      [r](SecurityChanges& c, absl::Time effective) {
        return c.StepDossier(r->system_id(), security::DraftDossier, effective);
      });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::SubmitDossier(
    grpc::CallbackServerContext* context, const v1::DossierStepRequest* r,
    v1::InformationSystem* response) {
  return Change<v1::InformationSystem>(
      context, r->context(), response,
      [r](SecurityChanges& c, absl::Time effective) {
        return c.StepDossier(r->system_id(), security::SubmitDossier,
                             effective);
      });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::ApproveDossier(
    grpc::CallbackServerContext* context, const v1::ApproveDossierRequest* r,
    v1::InformationSystem* response) {
  return Change<v1::InformationSystem>(
      context, r->context(), response,
      [r](SecurityChanges& c, absl::Time effective) {
        return c.StepDossier(
            r->system_id(),
            [r](v1::LevelDossier* d) {
              return security::ApproveDossier(
                  d, r->decision_no(), r->decision_date(), r->approved_by());
            },
            effective);
      });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::RevokeDossier(
    grpc::CallbackServerContext* context, const v1::RevokeDossierRequest* r,
    v1::InformationSystem* response) {
  return Change<v1::InformationSystem>(
      context, r->context(), response,
      [r](SecurityChanges& c, absl::Time effective) {
        return c.StepDossier(
            r->system_id(),
            [r](v1::LevelDossier* d) {
              return security::RevokeDossier(d, r->reason());
            },
            effective);
      });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::SetControlState(
    grpc::CallbackServerContext* context, const v1::SetControlStateRequest* r,
    v1::SystemControl* response) {
  return Change<v1::SystemControl>(
      context, r->context(), response,
      [r](SecurityChanges& c, absl::Time effective) {
        return c.SetControl(r->control(), effective);
      });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::OpenIncident(
    grpc::CallbackServerContext* context, const v1::OpenIncidentRequest* r,
    v1::Incident* response) {
  return Change<v1::Incident>(context, r->context(), response,
                              [r](SecurityChanges& c, absl::Time) {
                                return c.OpenIncident(r->incident());
                              });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::CloseIncident(
    grpc::CallbackServerContext* context, const v1::CloseIncidentRequest* r,
    v1::Incident* response) {
  return Change<v1::Incident>(
      context, r->context(), response,
      [r](SecurityChanges& c, absl::Time now) -> absl::StatusOr<v1::Incident> {
        absl::Time closed_at = now;
        if (!r->closed_at().empty()) {
          auto parsed = ParseInstant(r->closed_at());
          if (!parsed) {
            return BadDate("closed_at", r->closed_at(), DateForm::kDayOrTime);
          }
          closed_at = *parsed;
        }
        return c.CloseIncident(r->incident_id(), closed_at);
      });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::GetSystem(
    grpc::CallbackServerContext* context, const v1::GetSystemRequest* r,
    v1::InformationSystem* response) {
  return Read(context, [this, r, response]() -> absl::Status {
    auto current = d_.store->Get(kSystem, r->system_id());
    if (!current.ok()) return current.status();
    if (!current->has_value()) {
      return absl::NotFoundError(
          absl::StrCat("system_id: no system '", r->system_id(), "'"));
    }
    if (!response->ParseFromString((*current)->state)) {
      return absl::DataLossError("store: a stored system is corrupt");
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::ListSystems(
    grpc::CallbackServerContext* context, const v1::ListSystemsRequest* r,
    v1::ListSystemsResponse* response) {
  return Read(context, [this, r, response]() -> absl::Status {
    auto systems = d_.store->CurrentSystems();
    if (!systems.ok()) return systems.status();
    auto day = DayOrToday("as_of", r->as_of());
    if (!day.ok()) return day.status();
    auto subtree = SubtreeCodesOn(*d_.env.units->Get(), r->unit_code(), *day);
    if (!subtree.ok()) return subtree.status();
    std::vector<const v1::InformationSystem*> matching;
    for (const v1::InformationSystem& s : *systems) {
      if (*subtree && !(*subtree)->contains(s.owner_unit())) continue;
      if (r->security_level() != 0 &&
          s.security_level() != r->security_level()) {
        continue;
      }
      if (r->dossier_status() != v1::DOSSIER_STATUS_UNSPECIFIED &&
          s.dossier().status() != r->dossier_status()) {
        continue;
      }
      matching.push_back(&s);
    }
    return AddPage(
        matching, r->page_size(), r->page_token(),
        [response](const v1::InformationSystem& s) {
          *response->add_systems() = s;
        },
        response->mutable_next_page_token());
  });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::ListEndpoints(
    grpc::CallbackServerContext* context, const v1::ListEndpointsRequest* r,
    v1::ListEndpointsResponse* response) {
  return Read(context, [this, r, response]() -> absl::Status {
    auto endpoints = d_.store->CurrentEndpoints();
    if (!endpoints.ok()) return endpoints.status();
    auto day = DayOrToday("as_of", r->as_of());
    if (!day.ok()) return day.status();
    auto subtree = SubtreeCodesOn(*d_.env.units->Get(), r->unit_code(), *day);
    if (!subtree.ok()) return subtree.status();
    std::vector<const v1::Endpoint*> matching;
    for (const v1::Endpoint& e : *endpoints) {
      if (*subtree && !(*subtree)->contains(e.unit_code())) continue;
      if (r->kind() != v1::ENDPOINT_KIND_UNSPECIFIED && e.kind() != r->kind()) {
        continue;
      }
      if (r->antimalware() != v1::ANTIMALWARE_UNSPECIFIED &&
          e.antimalware() != r->antimalware()) {
        continue;
      }
      matching.push_back(&e);
    }
    return AddPage(
        matching, r->page_size(), r->page_token(),
        [response](const v1::Endpoint& e) { *response->add_endpoints() = e; },
        response->mutable_next_page_token());
  });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::ListControls(
    grpc::CallbackServerContext* context, const v1::ListControlsRequest* r,
    v1::ListControlsResponse* response) {
  auto day = DayOrToday("on_date", r->on_date());
  if (!day.ok()) return AnswerNow(context, day.status());
  const std::shared_ptr<const ControlCatalogues> catalogues =
      d_.catalogue->Get();
  auto version = catalogues->InForce(*day);
  if (!version.ok()) return AnswerNow(context, version.status());
  const ControlCatalogue& catalogue = *(*version)->value;
  for (const v1::Control& c : catalogue.controls()) {
    if (r->security_level() == 0 || c.min_level() <= r->security_level()) {
      *response->add_controls() = c;
    }
  }
  response->set_approval_valid_years(catalogue.approval_valid_years());
  *response->mutable_version() = (*version)->meta;
  return AnswerNow(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* SecurityServiceImpl::ListSystemControls(
    grpc::CallbackServerContext* context,
    const v1::ListSystemControlsRequest* r,
    v1::ListSystemControlsResponse* response) {
  return Read(context, [this, r, response]() -> absl::Status {
    auto system = d_.store->Get(kSystem, r->system_id());
    if (!system.ok()) return system.status();
    if (!system->has_value()) {
      return absl::NotFoundError(
          absl::StrCat("system_id: no system '", r->system_id(), "'"));
    }
    auto controls = d_.store->CurrentControls(r->system_id());
    if (!controls.ok()) return controls.status();
    for (v1::SystemControl& c : *controls)
      *response->add_controls() = std::move(c);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::GetComplianceSummary(
    grpc::CallbackServerContext* context,
    const v1::GetComplianceSummaryRequest* r,
    v1::GetComplianceSummaryResponse* response) {
  if (r->unit_code().empty()) {
    return AnswerNow(context, Invalid("unit_code", "is required"));
  }
  return Read(context, [this, r, response]() -> absl::Status {
    auto day = DayOrToday("as_of", r->as_of());
    if (!day.ok()) return day.status();
    std::shared_ptr<const UnitTree> units = d_.env.units->Get();
    const std::shared_ptr<const ControlCatalogues> catalogues =
        d_.catalogue->Get();
    auto version = catalogues->InForce(*day);
    if (!version.ok()) return version.status();
    // Answers depend on the store (the generation), the day, the tree and
    // the content of the catalogue version in force that day: a later
    // version added leaves them as they were. The version's days and
    // legal basis are not cached but named as they stand now.
    const std::string key =
        absl::StrCat("summary:v2:", r->unit_code(), ":", FormatDay(*day), ":",
                     absl::Hex(units->fingerprint(), absl::kZeroPad16), ":",
                     (*version)->meta.fingerprint());
    absl::Status read =
        CachedRead(d_.env, key, "summary", response,
                   [&]() -> absl::StatusOr<v1::GetComplianceSummaryResponse> {
                     auto records = d_.store->RecordsAsOf(*day);
                     if (!records.ok()) return records.status();
                     return Summarize(*records, *units, *(*version)->value,
                                      r->unit_code(), *day);
                   });
    if (read.ok()) *response->mutable_controls_version() = (*version)->meta;
    return read;
  });
}

template <typename Request>
absl::Status SecurityServiceImpl::RecordsOfDay(const Request& r,
                                               absl::CivilDay* day,
                                               SecurityRecords* records) {
  if (r.unit_code().empty()) return Invalid("unit_code", "is required");
  absl::StatusOr<absl::CivilDay> as_of = DayOrToday("as_of", r.as_of());
  if (!as_of.ok()) return as_of.status();
  absl::StatusOr<SecurityRecords> read = d_.store->RecordsAsOf(*as_of);
  if (!read.ok()) return read.status();
  *day = *as_of;
  *records = std::move(*read);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* SecurityServiceImpl::ListGaps(
    grpc::CallbackServerContext* context, const v1::ListGapsRequest* r,
    v1::ListGapsResponse* response) {
  return Read(context, [this, r, response]() -> absl::Status {
    absl::CivilDay day;
    SecurityRecords records;
    if (absl::Status s = RecordsOfDay(*r, &day, &records); !s.ok()) return s;
    const std::shared_ptr<const ControlCatalogues> catalogues =
        d_.catalogue->Get();
    auto version = catalogues->InForce(day);
    if (!version.ok()) return version.status();
    auto gaps = security::ListGaps(records, *d_.env.units->Get(),
                                   *(*version)->value, r->unit_code(), day);
    if (!gaps.ok()) return gaps.status();
    std::vector<const v1::SystemGaps*> all;
    for (const v1::SystemGaps& g : *gaps) all.push_back(&g);
    return AddPage(
        all, r->page_size(), r->page_token(),
        [response](const v1::SystemGaps& g) { *response->add_systems() = g; },
        response->mutable_next_page_token());
  });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::ListSystemsBehind(
    grpc::CallbackServerContext* context, const v1::ListSystemsBehindRequest* r,
    v1::ListSystemsBehindResponse* response) {
  return Read(context, [this, r, response]() -> absl::Status {
    absl::CivilDay day;
    SecurityRecords records;
    if (absl::Status s = RecordsOfDay(*r, &day, &records); !s.ok()) return s;
    auto systems = SystemsBehind(records, *d_.env.units->Get(),
                                 {r->unit_code(), day, r->part(), r->level()},
                                 r->figure());
    if (!systems.ok()) return systems.status();
    response->set_total_count(static_cast<int64_t>(systems->size()));
    return AddPage(
        *systems, r->page_size(), r->page_token(),
        [response](const v1::InformationSystem& s) {
          *response->add_systems() = s;
        },
        response->mutable_next_page_token());
  });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::ListEndpointsBehind(
    grpc::CallbackServerContext* context,
    const v1::ListEndpointsBehindRequest* r,
    v1::ListEndpointsBehindResponse* response) {
  return Read(context, [this, r, response]() -> absl::Status {
    absl::CivilDay day;
    SecurityRecords records;
    if (absl::Status s = RecordsOfDay(*r, &day, &records); !s.ok()) return s;
    auto endpoints = EndpointsBehind(
        records, *d_.env.units->Get(),
        {r->unit_code(), day, r->part(), r->level()}, r->kind());
    if (!endpoints.ok()) return endpoints.status();
    response->set_total_count(static_cast<int64_t>(endpoints->size()));
    return AddPage(
        *endpoints, r->page_size(), r->page_token(),
        [response](const v1::Endpoint& e) { *response->add_endpoints() = e; },
        response->mutable_next_page_token());
  });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::GetSystemHistory(
    grpc::CallbackServerContext* context, const v1::GetSystemHistoryRequest* r,
    v1::GetSystemHistoryResponse* response) {
  return Read(context, [this, r, response]() -> absl::Status {
    auto system = d_.store->Get(kSystem, r->system_id());
    if (!system.ok()) return system.status();
    if (!system->has_value()) {
      return absl::NotFoundError(
          absl::StrCat("system_id: no system '", r->system_id(), "'"));
    }
    auto events = d_.store->History(r->system_id());
    if (!events.ok()) return events.status();
    for (v1::HistoryEvent& e : *events) *response->add_events() = std::move(e);
    return absl::OkStatus();
  });
}

template <typename Kind>
std::unique_ptr<ImportSession<Kind>> SecurityServiceImpl::NewSession(
    grpc::CallbackServerContext* context) const {
  return std::make_unique<ImportSession<Kind>>(
      Kind(d_.store, d_.env.units->Get(), d_.catalogue->Get(),
           CallerOf(context), WriteScope::ForCall(*context, d_.env.policy)));
}

grpc::ServerReadReactor<v1::ImportSystemsRequest>*
SecurityServiceImpl::ImportSystems(grpc::CallbackServerContext* context,
                                   v1::ImportSystemsResponse* response) {
  return StreamImport<v1::ImportSystemsRequest>(
      &writes_, context, response, NewSession<SystemImport>(context), kSystem);
}

grpc::ServerUnaryReactor* SecurityServiceImpl::BatchUpsertSystems(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertSystemsRequest* request,
    v1::BatchUpsertSystemsResponse* response) {
  return BatchUpsert(&writes_, context, request, response,
                     NewSession<SystemImport>(context), kSystem);
}

grpc::ServerReadReactor<v1::ImportSystemControlsRequest>*
SecurityServiceImpl::ImportSystemControls(
    grpc::CallbackServerContext* context,
    v1::ImportSystemControlsResponse* response) {
  return StreamImport<v1::ImportSystemControlsRequest>(
      &writes_, context, response, NewSession<ControlImport>(context),
      kControl);
}

grpc::ServerUnaryReactor* SecurityServiceImpl::BatchUpsertSystemControls(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertSystemControlsRequest* request,
    v1::BatchUpsertSystemControlsResponse* response) {
  return BatchUpsert(&writes_, context, request, response,
                     NewSession<ControlImport>(context), kControl);
}

grpc::ServerReadReactor<v1::ImportEndpointsRequest>*
SecurityServiceImpl::ImportEndpoints(grpc::CallbackServerContext* context,
                                     v1::ImportEndpointsResponse* response) {
  return StreamImport<v1::ImportEndpointsRequest>(
      &writes_, context, response, NewSession<EndpointImport>(context),
      kEndpoint);
}

grpc::ServerUnaryReactor* SecurityServiceImpl::BatchUpsertEndpoints(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertEndpointsRequest* request,
    v1::BatchUpsertEndpointsResponse* response) {
  return BatchUpsert(&writes_, context, request, response,
                     NewSession<EndpointImport>(context), kEndpoint);
}

grpc::ServerReadReactor<v1::ImportIncidentsRequest>*
SecurityServiceImpl::ImportIncidents(grpc::CallbackServerContext* context,
                                     v1::ImportIncidentsResponse* response) {
  return StreamImport<v1::ImportIncidentsRequest>(
      &writes_, context, response, NewSession<IncidentImport>(context),
      kIncident);
}

grpc::ServerUnaryReactor* SecurityServiceImpl::BatchUpsertIncidents(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertIncidentsRequest* request,
    v1::BatchUpsertIncidentsResponse* response) {
  return BatchUpsert(&writes_, context, request, response,
                     NewSession<IncidentImport>(context), kIncident);
}

}  // namespace dtr::security
