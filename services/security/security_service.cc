#include "services/security/security_service.h"

#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/caller.h"
#include "common/dates.h"
#include "common/request_checks.h"
#include "common/service_host.h"
#include "common/write_scope.h"
#include "services/security/compliance.h"
#include "services/security/dossier_life_cycle.h"

namespace dtr::security {
namespace {

grpc::Status Invalid(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

}  // namespace

template <typename Response>
grpc::ServerUnaryReactor* SecurityServiceImpl::Change(
    grpc::CallbackServerContext* context, const v1::ChangeContext& change,
    Response* response,
    std::function<absl::StatusOr<Response>(SecurityChanges&, absl::Time)>
        apply) {
  if (absl::Status s = EffectiveTimeOf(change).status(); !s.ok()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(ToGrpcStatus(s));
    return reactor;
  }
  Author author{CallerOf(context), change.reason(),
                WriteScope::ForCall(*context, d_.policy)};
  return WriteCall(
      this, context,
      [this, response, change, apply = std::move(apply),
       author = std::move(author)]() -> absl::Status {
        // Read now, holding the write slot: "now" then comes after every
        // change written before this one.
        absl::StatusOr<EffectiveTime> effective = EffectiveTimeOf(change);
        if (!effective.ok()) return effective.status();
        auto tx = d_.store->BeginWrite();
        if (!tx.ok()) return tx.status();
        // Held for the whole change, whatever a reload does meanwhile.
        const std::shared_ptr<const UnitTree> units = d_.units->Get();
        const std::shared_ptr<const ControlCatalogue> catalogue =
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
  return ReadCall(d_.reads, context, std::move(read));
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
            return absl::InvalidArgumentError(
                "closed_at: expected YYYY-MM-DD or an RFC 3339 time");
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
    auto subtree = SubtreeCodesOn(*d_.units->Get(), r->unit_code(), *day);
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
    auto subtree = SubtreeCodesOn(*d_.units->Get(), r->unit_code(), *day);
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
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::shared_ptr<const ControlCatalogue> catalogue = d_.catalogue->Get();
  for (const v1::Control& c : catalogue->controls()) {
    if (r->security_level() == 0 || c.min_level() <= r->security_level()) {
      *response->add_controls() = c;
    }
  }
  response->set_approval_valid_years(catalogue->approval_valid_years());
  reactor->Finish(grpc::Status::OK);
  return reactor;
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
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(Invalid("unit_code: is required"));
    return reactor;
  }
  return Read(context, [this, r, response]() -> absl::Status {
    auto day = DayOrToday("as_of", r->as_of());
    if (!day.ok()) return day.status();
    std::shared_ptr<const UnitTree> units = d_.units->Get();
    std::shared_ptr<const ControlCatalogue> catalogue = d_.catalogue->Get();
    // Answers depend on the store (the generation), the day, the tree and
    // the catalogue.
    const std::string key =
        absl::StrCat("summary:v1:", r->unit_code(), ":", FormatDay(*day), ":",
                     absl::Hex(units->fingerprint(), absl::kZeroPad16), ":",
                     absl::Hex(catalogue->fingerprint(), absl::kZeroPad16));
    RedisCache::Lookup cached = d_.cache->Get(key);
    if (cached.value && response->ParseFromString(*cached.value)) {
      return absl::OkStatus();
    }
    const absl::Time start = absl::Now();
    auto records = d_.store->RecordsAsOf(*day);
    if (!records.ok()) return records.status();
    auto summary =
        Summarize(*records, *units, *catalogue, r->unit_code(), *day);
    d_.metrics->ObserveOperation("summary", absl::Now() - start);
    if (!summary.ok()) return summary.status();
    *response = std::move(*summary);
    if (cached.generation) {
      d_.cache->Put(*cached.generation, key, response->SerializeAsString());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SecurityServiceImpl::ListGaps(
    grpc::CallbackServerContext* context, const v1::ListGapsRequest* r,
    v1::ListGapsResponse* response) {
  return Read(context, [this, r, response]() -> absl::Status {
    if (r->unit_code().empty()) {
      return absl::InvalidArgumentError("unit_code: is required");
    }
    auto day = DayOrToday("as_of", r->as_of());
    if (!day.ok()) return day.status();
    auto records = d_.store->RecordsAsOf(*day);
    if (!records.ok()) return records.status();
    auto gaps = security::ListGaps(*records, *d_.units->Get(),
                                   *d_.catalogue->Get(), r->unit_code(), *day);
    if (!gaps.ok()) return gaps.status();
    std::vector<const v1::SystemGaps*> all;
    for (const v1::SystemGaps& g : *gaps) all.push_back(&g);
    return AddPage(
        all, r->page_size(), r->page_token(),
        [response](const v1::SystemGaps& g) { *response->add_systems() = g; },
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

std::unique_ptr<ImportSession> SecurityServiceImpl::NewSession(
    grpc::CallbackServerContext* context) {
  return std::make_unique<ImportSession>(
      d_.store, d_.units->Get(), d_.catalogue->Get(), CallerOf(context),
      WriteScope::ForCall(*context, d_.policy));
}

#define DTR_SECURITY_IMPORT(Method, Kind)                                \
  grpc::ServerReadReactor<v1::Import##Method##Request>*                  \
      SecurityServiceImpl::Import##Method(                               \
          grpc::CallbackServerContext* context,                          \
          v1::Import##Method##Response* response) {                      \
    return new ImportReactor<ImportSession, v1::Import##Method##Request, \
                             v1::Import##Method##Response>(              \
        this, context, response, NewSession(context), Kind);             \
  }                                                                      \
  grpc::ServerUnaryReactor* SecurityServiceImpl::BatchUpsert##Method(    \
      grpc::CallbackServerContext* context,                              \
      const v1::BatchUpsert##Method##Request* request,                   \
      v1::BatchUpsert##Method##Response* response) {                     \
    return BatchUpsert<ImportSession>(this, context, request, response,  \
                                      NewSession(context), Kind);        \
  }

// The import calls of each kind of record.
DTR_SECURITY_IMPORT(Systems, kSystem)
DTR_SECURITY_IMPORT(SystemControls, kControl)
DTR_SECURITY_IMPORT(Endpoints, kEndpoint)
DTR_SECURITY_IMPORT(Incidents, kIncident)

#undef DTR_SECURITY_IMPORT

}  // namespace dtr::security
