// security-service: information systems, their security level dossiers and
// controls, endpoints, SOC monitoring and incidents, with their history.
#include "common/period_locks.h"
#include "common/service_main.h"
#include "services/security/control_catalogue.h"
#include "services/security/headline_gauges.h"
#include "services/security/record_csv.h"
#include "services/security/security_service.h"
#include "services/security/security_store.h"

namespace {

const dtr::ServiceSpec kSpec{
    "security",
    "information systems and their security level (Decree\n"
    "85/2016/NĐ-CP), controls, endpoints, SOC monitoring and incidents,\n"
    "with every change kept.\n",
    dtr::kSecurityPorts,
    "sqlite:security.db",
    &dtr::security::SecurityStore::Migrations(),
    {dtr::security::kSystem, dtr::security::kControl, dtr::security::kEndpoint,
     dtr::security::kIncident},
    {"summary"}};

}  // namespace

int main(int argc, char** argv) {
  namespace sec = dtr::security;
  dtr::ServiceMain main(kSpec);
  auto* controls = main.File("controls", "controls.json", "controls catalogue",
                             "controls catalogue, JSON (reloaded on SIGHUP)",
                             &sec::LoadControlCatalogues);
  dtr::PeriodLockFlags lock_flags;
  dtr::AddPeriodLockFlags(&main.flags(), &lock_flags);
  return main.Run(argc, argv, [&](dtr::ServiceBuild& b) -> absl::Status {
    auto locks =
        dtr::OpenPeriodLockSource(lock_flags, b.host_config(), b.env().units);
    if (!locks.ok()) return locks.status();
    const sec::CatalogueHolder* catalogue = controls->holder();
    auto* store = b.Make<sec::SecurityStore>(b.db(), b.Keep(std::move(*locks)));
    auto* gauges = b.Make<sec::HeadlineGauges>(b.registry(), store,
                                               b.env().units, catalogue);
    b.Serve(b.Make<sec::SecurityServiceImpl>(sec::SecurityServiceImpl::Deps{
                b.env(), store, catalogue, gauges}),
            "dtr.security.v1.SecurityService");
    // The REST/JSON imports read the CSV files dtctl imports.
    b.CsvImport(sec::SystemCsvHeader(),
                &sec::v1::ImportSystemsRequest::add_systems,
                &sec::SystemFromCsv);
    b.CsvImport(sec::SystemControlCsvHeader(),
                &sec::v1::ImportSystemControlsRequest::add_controls,
                &sec::SystemControlFromCsv);
    b.CsvImport(sec::EndpointCsvHeader(),
                &sec::v1::ImportEndpointsRequest::add_endpoints,
                &sec::EndpointFromCsv);
    b.CsvImport(sec::IncidentCsvHeader(),
                &sec::v1::ImportIncidentsRequest::add_incidents,
                &sec::IncidentFromCsv);
    return absl::OkStatus();
  });
}
