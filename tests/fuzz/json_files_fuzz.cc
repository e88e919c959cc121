// The JSON files a province edits — the access policy, the allowance
// rules, the controls catalogue, the indicator definitions, the report
// settings — on any bytes: each is accepted or refused with an error, never
// a crash. The first byte picks the file.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "common/access_policy.h"
#include "services/report/settings_versions.h"
#include "services/security/control_catalogue.h"
#include "services/stats/indicator_definitions.h"
#include "services/workforce/allowance_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view text(reinterpret_cast<const char*>(data + 1),
                               size - 1);
  switch (data[0] % 5) {
    case 0: {
      auto policy = dtr::AccessPolicy::Parse(text);
      if (policy.ok()) {
        (*policy)
            ->Check({"reader"}, "/dtr.stats.v1.StatsService/GetIndicators")
            .IgnoreError();
      }
      break;
    }
    case 1:
      dtr::workforce::AllowanceRules::Parse(text).IgnoreError();
      break;
    case 2:
      // The versions and each version's content.
      dtr::security::ParseControlCatalogues(text).IgnoreError();
      break;
    case 3:
      dtr::stats::ParseIndicatorVersions(text).IgnoreError();
      break;
    case 4:
      dtr::report::SettingsVersions::Parse("settings", text,
                                           &dtr::report::SettingsSet::Parse)
          .IgnoreError();
      break;
  }
  return 0;
}
