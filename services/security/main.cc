// security-service: information systems, their security level dossiers and
// controls, endpoints, SOC monitoring and incidents, with their history.
#include <string>

#include "common/service_main.h"
#include "services/security/control_catalogue.h"
#include "services/security/headline_gauges.h"
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
  std::string controls = "controls.json";
  main.flags().AddString("controls", &controls,
                         "controls catalogue, JSON (reloaded on SIGHUP)");
  return main.Run(argc, argv, [&](dtr::ServiceBuild& b) -> absl::Status {
    auto catalogue = b.Reloaded("controls catalogue", controls,
                                &sec::ControlCatalogue::LoadFile);
    if (!catalogue.ok()) return catalogue.status();
    auto* store = b.Make<sec::SecurityStore>(b.db());
    auto* gauges = b.Make<sec::HeadlineGauges>(b.registry(), store,
                                               b.env().units, *catalogue);
    b.Serve(b.Make<sec::SecurityServiceImpl>(sec::SecurityServiceImpl::Deps{
                b.env(), store, *catalogue, gauges}),
            "dtr.security.v1.SecurityService");
    return absl::OkStatus();
  });
}
