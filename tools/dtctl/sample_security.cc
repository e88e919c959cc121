#include "tools/dtctl/sample_security.h"

#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/csv_fields.h"
#include "common/dates.h"
#include "services/security/control_catalogue.h"
#include "services/security/record_csv.h"
#include "tools/dtctl/csv_writer.h"
#include "tools/dtctl/sample_random.h"

namespace dtr::dtctl {
namespace {

struct System {
  System(std::string id, std::string name, const SampleUnit* owner, int level)
      : id(std::move(id)), name(std::move(name)), owner(owner), level(level) {}
  std::string id;
  std::string name;
  const SampleUnit* owner;
  int level;  // security level
  std::string status = "none";
  std::string decision_no, decision_date, approved_by;
  bool soc = false;
};

// A provincial system: who runs it (found by a word of the agency's name,
// the first agency when none matches), its name and security level.
struct ProvincialSystem {
  const char* owner_word;
  const char* suffix;
  const char* name;
  int level;
};
const ProvincialSystem kProvincialSystems[] = {
    {"Văn phòng", "DVC", "Cổng Dịch vụ công tỉnh", 3},
    {"Văn phòng", "MOTCUA",
     "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", 3},
    {"Thông tin và Truyền thông", "TTDL", "Trung tâm dữ liệu tỉnh", 3},
    {"Thông tin và Truyền thông", "LGSP",
     "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)", 3},
    {"Thông tin và Truyền thông", "QLVB",
     "Hệ thống quản lý văn bản và điều hành", 2},
    {"Thông tin và Truyền thông", "MAIL", "Hệ thống thư điện tử công vụ", 2},
    {"Thông tin và Truyền thông", "CTTDT", "Cổng thông tin điện tử tỉnh", 2},
    {"Thông tin và Truyền thông", "IOC",
     "Hệ thống giám sát và điều hành thông minh (IOC)", 2},
    {"Tài nguyên", "CSDLDD", "Cơ sở dữ liệu đất đai", 3},
    {"Y tế", "HIS", "Hệ thống thông tin quản lý y tế", 2},
    {"Giáo dục", "CSDLGD", "Cơ sở dữ liệu ngành giáo dục", 2},
};

// The generator's own shares, where the fixture says nothing.
constexpr double kDraftedShareOfUnapproved = 0.2;  // the rest: none
constexpr double kStaleEndpointShare = 0.03;
constexpr int kStandaloneWorkstationsPerCommune = 2;
constexpr double kCommunesWithUnprotected = 0.4;
constexpr double kMissingControlShare = 0.02;
constexpr double kPartialControlShare = 0.04;
constexpr double kOldEvidenceShare = 0.04;

const SampleUnit* FindAgency(const std::vector<const SampleUnit*>& agencies,
                             const char* word) {
  for (const SampleUnit* a : agencies) {
    if (absl::StrContains(a->name, word)) return a;
  }
  return agencies.empty() ? nullptr : agencies.front();
}

std::string DayIn(Random& rng, absl::CivilDay first, absl::CivilDay last) {
  return FormatDay(first + rng.Between(0, last - first));
}

}  // namespace

absl::StatusOr<std::vector<WrittenFile>> WriteSecuritySample(
    const FixtureTargets& t, const std::vector<SampleUnit>& units,
    const std::string& dir) {
  // The controls required at the period's end, as the summary applies them.
  auto catalogues = security::ParseControlCatalogues(BuiltInControls());
  if (!catalogues.ok()) return catalogues.status();
  auto in_force = (*catalogues)->InForce(t.period_to);
  if (!in_force.ok()) return in_force.status();
  const security::ControlCatalogue* catalogue = (*in_force)->value.get();
  Random rng(85'2016);  // its own seed: the other files stay as they are
  const SampleUnit* root = nullptr;
  std::vector<const SampleUnit*> agencies, districts, communes;
  for (const SampleUnit& u : units) {
    if (u.root) {
      root = &u;
    } else {
      (u.level == 0   ? agencies
       : u.level == 1 ? districts
                      : communes)
          .push_back(&u);
    }
  }
  if (root == nullptr || agencies.empty()) {
    return absl::InvalidArgumentError("sample: no province or agency");
  }
  const absl::CivilDay end = t.period_to;

  // Systems: the provincial platforms, a site for every other agency, every
  // district and every commune.
  std::vector<System> systems;
  for (const ProvincialSystem& p : kProvincialSystems) {
    const SampleUnit* owner = FindAgency(agencies, p.owner_word);
    systems.emplace_back(absl::StrCat(owner->code, "-", p.suffix), p.name,
                         owner, p.level);
  }
  for (const SampleUnit* a : agencies) {
    systems.emplace_back(absl::StrCat(a->code, "-WEB"),
                         absl::StrCat("Trang thông tin điện tử ", a->name), a,
                         1);
  }
  for (const SampleUnit* d : districts) {
    systems.emplace_back(absl::StrCat(d->code, "-WEB"),
                         absl::StrCat("Trang thông tin điện tử ", d->name), d,
                         2);
  }
  for (const SampleUnit* c : communes) {
    systems.emplace_back(absl::StrCat(c->code, "-WEB"),
                         absl::StrCat("Trang thông tin điện tử ", c->name), c,
                         1);
  }
  // Dossiers: the fixture's share of province- and district-level systems
  // approved, its count of commune systems approved.
  int64_t upper = 0;
  for (const System& s : systems) upper += s.owner->level < 2;
  int64_t approve_upper = std::llround(
      static_cast<double>(upper) * t.approved_share_province_district / 100);
  int64_t approve_commune = t.commune_approved;
  if (approve_commune > static_cast<int64_t>(communes.size())) {
    return absl::InvalidArgumentError(
        "fixture: more approved commune systems than communes");
  }
  for (System& s : systems) {
    int64_t& quota = s.owner->level < 2 ? approve_upper : approve_commune;
    if (quota > 0) {
      --quota;
      s.status = "approved";
      // Approved before the period: the systems are recorded as they
      // stood at its start.
      s.decision_date = DayIn(rng, t.period_from - 3 * 365, t.period_from - 15);
      const bool provincial = s.level >= 3 || s.owner->level == 1;
      s.decision_no =
          absl::StrCat(rng.Between(100, 3999),
                       provincial ? "/QĐ-UBND" : "/QĐ-" + s.owner->code);
      s.approved_by = s.level >= 3 ? absl::StrCat("UBND tỉnh ", root->name)
                      : s.owner->level == 1
                          ? absl::StrCat("UBND ", s.owner->name)
                          : s.owner->name;
    } else {
      s.status = rng.Unit() < kDraftedShareOfUnapproved ? "drafted" : "none";
    }
    s.soc = t.soc_deployed && s.level >= 3;
  }

  std::vector<WrittenFile> written;
  {
    CsvWriter out;
    const std::string path = dir + "/systems.csv";
    if (absl::Status st = out.Open(path); !st.ok()) return st;
    out.Line(absl::StrJoin(security::SystemCsvHeader(), ","));
    for (const System& s : systems) {
      out.Line(absl::StrCat(s.id, ",", CsvField(s.name), ",", s.owner->code,
                            ",", s.level, ",", s.status, ",", s.decision_no,
                            ",", s.decision_date, ",", CsvField(s.approved_by),
                            ",", s.soc ? "1" : "0"));
    }
    if (absl::Status st = out.Close(); !st.ok()) return st;
    written.push_back({path, static_cast<int64_t>(systems.size()), "systems"});
  }

  // Controls: those each level requires, mostly implemented and checked
  // within their review interval, a few partial, missing or with old
  // evidence; no SOC link without a SOC. Commune sites record only whether
  // they use HTTPS.
  {
    CsvWriter out;
    const std::string path = dir + "/controls.csv";
    if (absl::Status st = out.Open(path); !st.ok()) return st;
    out.Line(absl::StrJoin(security::SystemControlCsvHeader(), ","));
    int64_t rows = 0;
    for (const System& s : systems) {
      for (const security::v1::Control* c : catalogue->RequiredFor(s.level)) {
        const bool commune = s.owner->level == 2;
        if (commune && c->control_id() != "T.APP.02") continue;
        std::string state = "implemented";
        const double draw = rng.Unit();
        if (absl::StartsWith(c->control_id(), "T.MON") && !t.soc_deployed) {
          state = "missing";
        } else if (commune) {
          state = draw < 0.6 ? "implemented" : "missing";
        } else if (draw < kMissingControlShare) {
          state = "missing";
        } else if (draw < kMissingControlShare + kPartialControlShare) {
          state = "partial";
        }
        const int review = c->review_days();
        const std::string checked =
            state == "missing" ? ""
            : rng.Unit() < kOldEvidenceShare
                ? DayIn(rng, end - 2 * review - 60, end - review - 1)
                : DayIn(rng, end - review * 9 / 10, end - 1);
        const std::string evidence =
            state == "missing"
                ? ""
                : absl::StrCat("Biên bản kiểm tra số ", rng.Between(1, 250),
                               "/BB-", s.owner->code);
        out.Line(absl::StrCat(s.id, ",", c->control_id(), ",", state, ",",
                              CsvField(evidence), ",", checked));
        ++rows;
      }
    }
    if (absl::Status st = out.Close(); !st.ok()) return st;
    written.push_back({path, rows, "controls"});
  }

  // Endpoints: the fixture's centrally protected workstations across the
  // agencies and districts, its central servers in the data centre; the
  // communes' machines protected standalone or not at all.
  {
    CsvWriter out;
    const std::string path = dir + "/endpoints.csv";
    if (absl::Status st = out.Open(path); !st.ok()) return st;
    out.Line(absl::StrJoin(security::EndpointCsvHeader(), ","));
    std::vector<const SampleUnit*> offices = agencies;
    offices.insert(offices.end(), districts.begin(), districts.end());
    std::vector<double> weights;
    for (size_t i = 0; i < offices.size(); ++i) {
      weights.push_back(0.5 + rng.Unit());
    }
    const WeightedPicker office(weights);
    std::vector<int> counts(units.size() + 1, 0);
    int64_t rows = 0;
    auto endpoint = [&](const SampleUnit* unit, const char* kind,
                        const char* antimalware, int number) {
      const bool stale = rng.Unit() < kStaleEndpointShare;
      const std::string seen =
          stale ? DayIn(rng, end - 120, end - 31) : DayIn(rng, end - 20, end);
      out.Line(absl::StrCat(
          unit->code,
          (kind[0] == 'w' ? absl::StrFormat("-WS-%04d", number)
                          : absl::StrFormat("-SV-%02d", number)),
          ",", unit->code, ",", kind, ",", antimalware, ",", seen));
      ++rows;
    };
    absl::flat_hash_map<std::string, int> numbers;
    for (int64_t i = 0; i < t.central_workstations; ++i) {
      const SampleUnit* unit = offices[office.Pick(rng)];
      endpoint(unit, "workstation", "central", ++numbers[unit->code + "W"]);
    }
    const SampleUnit* data_centre =
        FindAgency(agencies, "Thông tin và Truyền thông");
    for (int64_t i = 0; i < t.central_servers; ++i) {
      endpoint(data_centre, "server", "central",
               ++numbers[data_centre->code + "S"]);
    }
    for (const SampleUnit* d : districts) {
      endpoint(d, "server", "standalone", ++numbers[d->code + "S"]);
    }
    for (const SampleUnit* c : communes) {
      for (int i = 0; i < kStandaloneWorkstationsPerCommune; ++i) {
        endpoint(c, "workstation", "standalone", ++numbers[c->code + "W"]);
      }
      if (rng.Unit() < kCommunesWithUnprotected) {
        endpoint(c, "workstation", "none", ++numbers[c->code + "W"]);
      }
    }
    if (absl::Status st = out.Close(); !st.ok()) return st;
    written.push_back({path, rows, "endpoints"});
  }

  // Incidents: a few on provincial systems during the period,
  // all handled but the last.
  {
    CsvWriter out;
    const std::string path = dir + "/incidents.csv";
    if (absl::Status st = out.Open(path); !st.ok()) return st;
    out.Line(absl::StrJoin(security::IncidentCsvHeader(), ","));
    const char* const severities[] = {"medium", "low", "high",
                                      "medium", "low", "medium"};
    const int count = 6;
    for (int i = 0; i < count; ++i) {
      const System& s = systems[static_cast<size_t>(
          rng.Below(std::size(kProvincialSystems) + districts.size()))];
      const absl::CivilDay opened =
          t.period_from + (end - t.period_from) * (i + 1) / (count + 1);
      const std::string opened_at =
          absl::StrFormat("%sT%02d:%02d:00+07:00", FormatDay(opened),
                          rng.Between(8, 16), rng.Between(0, 59));
      const std::string closed_at =
          i + 1 == count
              ? ""
              : absl::StrFormat("%sT%02d:00:00+07:00",
                                FormatDay(opened + rng.Between(1, 3)),
                                rng.Between(8, 17));
      out.Line(absl::StrCat(absl::StrFormat("INC-%04d-%03d", end.year(), i + 1),
                            ",", s.id, ",", opened_at, ",", severities[i], ",",
                            closed_at));
    }
    if (absl::Status st = out.Close(); !st.ok()) return st;
    written.push_back({path, count, "incidents"});
  }
  return written;
}

}  // namespace dtr::dtctl
