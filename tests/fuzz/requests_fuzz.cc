// Each service's request validation on fuzzed messages: the bytes are
// parsed as a request record (the first byte picks which) and checked
// against a small unit tree; a record is accepted or refused with the
// field named, never a crash.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/csv_reader.h"
#include "common/unit_tree.h"
#include "services/security/security_changes.h"
#include "services/security/security_names.h"
#include "services/stats/records.h"
#include "services/workforce/allowance_rules.h"
#include "services/workforce/workforce_records.h"

namespace {

const dtr::UnitTree& Units() {
  static const auto* tree = [] {
    dtr::CsvReader reader(
        "code,name,level,parent_code,valid_from,valid_to\n"
        "P,Province,province,,,\n"
        "A,Agency,province,P,,\n"
        "D1,District 1,district,P,,2025-06-30\n"
        "C1,Commune 1,commune,D1,,2025-06-30\n"
        "C1,Commune 1,commune,P,2025-07-01,\n");
    auto loaded = dtr::UnitTree::Load(&reader);
    return new std::shared_ptr<const dtr::UnitTree>(*loaded);
  }();
  return **tree;
}

// The allowance rules the service ships with.
const dtr::workforce::AllowanceRules& Rules() {
  static const auto* rules = [] {
    auto loaded = dtr::workforce::AllowanceRules::LoadFile(
        DTR_SOURCE_DIR "/services/workforce/data/allowance_rules.json");
    return new std::shared_ptr<const dtr::workforce::AllowanceRules>(*loaded);
  }();
  return **rules;
}

template <typename Message>
bool Parse(const uint8_t* data, size_t size, Message* m) {
  return m->ParseFromArray(data, static_cast<int>(size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t kind = data[0];
  ++data;
  --size;
  switch (kind % 8) {
    case 0: {
      dtr::stats::v1::Dossier m;
      dtr::stats::DossierRecord r;
      if (Parse(data, size, &m))
        dtr::stats::ToDossierRecord(m, Units(), &r).IgnoreError();
      break;
    }
    case 1: {
      dtr::stats::v1::Payment m;
      dtr::stats::PaymentRecord r;
      if (Parse(data, size, &m))
        dtr::stats::ToPaymentRecord(m, Units(), &r).IgnoreError();
      break;
    }
    case 2: {
      dtr::workforce::v1::Staff m;
      if (Parse(data, size, &m)) {
        dtr::workforce::CheckStaff(m, Units(), Rules()).IgnoreError();
      }
      break;
    }
    case 3: {
      dtr::workforce::v1::Course m;
      if (Parse(data, size, &m))
        dtr::workforce::CheckCourse(m, Units()).IgnoreError();
      break;
    }
    case 4: {
      dtr::workforce::v1::Absence m;
      if (Parse(data, size, &m)) dtr::workforce::CheckAbsence(m).IgnoreError();
      break;
    }
    case 5: {
      dtr::workforce::v1::Attendance m;
      if (Parse(data, size, &m))
        dtr::workforce::CheckAttendance(m).IgnoreError();
      break;
    }
    case 6: {
      dtr::security::v1::ChangeContext m;
      if (Parse(data, size, &m))
        dtr::security::EffectiveTimeOf(m).IgnoreError();
      break;
    }
    case 7: {
      const absl::string_view text(reinterpret_cast<const char*>(data), size);
      dtr::security::v1::ControlState state;
      dtr::security::v1::EndpointKind endpoint;
      dtr::security::v1::Antimalware antimalware;
      dtr::security::v1::Severity severity;
      dtr::security::ParseControlState(text, &state);
      dtr::security::ParseEndpointKind(text, &endpoint);
      dtr::security::ParseAntimalware(text, &antimalware);
      dtr::security::ParseSeverity(text, &severity);
      break;
    }
  }
  return 0;
}
