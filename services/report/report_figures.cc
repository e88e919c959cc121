#include "services/report/report_figures.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace dtr::report {
namespace {

using nlohmann::ordered_json;

constexpr char kGetIndicators[] = "dtr.stats.v1.StatsService/GetIndicators";
constexpr char kGetCompliance[] =
    "dtr.security.v1.SecurityService/GetComplianceSummary";
constexpr char kGetWorkforce[] =
    "dtr.workforce.v1.WorkforceService/GetWorkforceSummary";

// Adds figures of one response, scope by scope.
class Collector {
 public:
  Collector(FigureMap* out, std::string block, std::string service,
            std::string method, ordered_json request)
      : out_(out),
        block_(std::move(block)),
        service_(std::move(service)),
        method_(std::move(method)),
        request_(std::move(request)) {}

  void Count(const std::string& scope, const std::string& name, int64_t value,
             bool additive = true) {
    Figure& f = Add(scope, name);
    f.value = value;
    f.additive = additive;
  }
  void Amount(const std::string& scope, const std::string& name,
              int64_t value) {
    Figure& f = Add(scope, name);
    f.kind = Figure::Kind::kAmountVnd;
    f.value = value;
  }
  void Rate(const std::string& scope, const std::string& name,
            const common::v1::Ratio& r) {
    Figure& f = Add(scope, name);
    f.kind = Figure::Kind::kRate;
    f.numerator = r.numerator();
    f.denominator = r.denominator();
    if (r.has_ratio()) f.ratio = r.ratio();
  }
  // A rate the report forms from two counts.
  void Rate(const std::string& scope, const std::string& name,
            int64_t numerator, int64_t denominator) {
    Figure& f = Add(scope, name);
    f.kind = Figure::Kind::kRate;
    f.numerator = numerator;
    f.denominator = denominator;
  }

 private:
  Figure& Add(const std::string& scope, const std::string& name) {
    Figure f;
    f.key = absl::StrCat(block_, ".", scope, ".", name);
    f.service = service_;
    f.method = method_;
    f.request = request_;
    return (*out_)[f.key] = std::move(f);
  }

  FigureMap* out_;
  std::string block_, service_, method_;
  ordered_json request_;
};

ordered_json RangeRequest(const std::string& unit,
                          const common::v1::DateRange& range) {
  return {
      {"unit_code", unit},
      {"range",
       {{"start_date", range.start_date()}, {"end_date", range.end_date()}}}};
}

void AddIndicators(const stats::v1::GetIndicatorsResponse& r,
                   const std::string& block, FigureMap* out) {
  Collector c(out, block, kStats, kGetIndicators,
              RangeRequest(r.unit().code(), r.range()));
  auto add = [&](const std::string& scope, const stats::v1::IndicatorSet& s) {
    c.Count(scope, "dossiers_received", s.dossiers_received());
    c.Rate(scope, "online_submission", s.online_submission());
    c.Rate(scope, "full_process_online", s.full_process_online());
    c.Rate(scope, "digitization", s.digitization());
    c.Rate(scope, "on_time", s.on_time());
    c.Rate(scope, "component_digitization", s.component_digitization());
    c.Rate(scope, "result_reuse", s.result_reuse());
  };
  add("total", r.total());
  for (const auto& level : r.levels()) add(level.level(), level.indicators());
}

void AddPayments(const stats::v1::GetIndicatorsResponse& r, FigureMap* out) {
  Collector c(out, "payments", kStats, kGetIndicators,
              RangeRequest(r.unit().code(), r.range()));
  auto add = [&](const std::string& scope, const stats::v1::IndicatorSet& s) {
    c.Count(scope, "units_with_payments", s.payments().units_with_payments());
    c.Count(scope, "successful_transactions",
            s.payments().successful_transactions());
    c.Amount(scope, "amount_vnd", s.payments().amount_vnd());
  };
  add("total", r.total());
  for (const auto& level : r.levels()) add(level.level(), level.indicators());
}

void AddSecurity(const security::v1::GetComplianceSummaryResponse& r,
                 FigureMap* out) {
  Collector c(out, "security", kSecurity, kGetCompliance,
              {{"unit_code", r.unit().code()}, {"as_of", r.as_of()}});
  auto add = [&](const std::string& scope,
                 const security::v1::ComplianceBlock& b) {
    c.Count(scope, "systems", b.systems());
    c.Rate(scope, "approved_dossier", b.approved_dossier());
    c.Count(scope, "systems_with_gaps", b.systems_with_gaps());
    c.Rate(scope, "soc_monitored", b.soc_monitored());
    c.Count(scope, "workstations", b.workstation().total());
    c.Count(scope, "workstations_central", b.workstation().central());
    c.Count(scope, "servers", b.server().total());
    c.Count(scope, "servers_central", b.server().central());
    c.Count(scope, "open_incidents", b.open_incidents().total());
  };
  add("total", r.total());
  int64_t upper_approved = 0, upper_systems = 0;
  for (int i = 0; i < r.levels_size(); ++i) {
    const auto& level = r.levels(i);
    add(level.level(), level.compliance());
    if (i + 1 < r.levels_size()) {
      upper_approved += level.compliance().approved_dossier().numerator();
      upper_systems += level.compliance().approved_dossier().denominator();
    }
  }
  if (r.levels_size() > 1) {
    c.Rate("upper", "approved_dossier", upper_approved, upper_systems);
  }
}

void AddWorkforce(const workforce::v1::GetWorkforceSummaryResponse& r,
                  FigureMap* out) {
  Collector c(out, "workforce", kWorkforce, kGetWorkforce,
              RangeRequest(r.unit().code(), r.range()));
  auto it_count = [](const workforce::v1::WorkforceBlock& b,
                     const char* qualification) -> int64_t {
    auto found = b.dedicated_qualification().find(qualification);
    return found == b.dedicated_qualification().end() ? 0 : found->second.it();
  };
  auto add = [&](const std::string& scope,
                 const workforce::v1::WorkforceBlock& b) {
    c.Count(scope, "staff", b.staff());
    c.Count(scope, "dedicated", b.dedicated());
    c.Count(scope, "concurrent", b.concurrent());
    c.Rate(scope, "eligible", b.eligible());
    c.Count(scope, "master_it", it_count(b, "master"));
    c.Count(scope, "bachelor_it", it_count(b, "bachelor"));
    c.Rate(scope, "master_it_share", it_count(b, "master"), b.dedicated());
    c.Rate(scope, "bachelor_it_share", it_count(b, "bachelor"), b.dedicated());
    c.Count(scope, "courses", b.training().courses());
    c.Count(scope, "trainees", b.training().trainees(), /*additive=*/false);
    c.Count(scope, "registered_trainees", b.training().registered_trainees(),
            /*additive=*/false);
    c.Count(scope, "other_trainees", b.training().other_trainees());
  };
  add("total", r.total());
  int64_t dedicated = 0, eligible = 0;
  for (int i = 0; i < r.levels_size(); ++i) {
    const auto& level = r.levels(i);
    add(level.level(), level.workforce());
    if (i + 1 < r.levels_size()) {
      dedicated += level.workforce().dedicated();
      eligible += level.workforce().eligible().numerator();
    }
  }
  if (r.levels_size() > 1) {
    c.Count("upper", "dedicated", dedicated);
    c.Rate("upper", "eligible", eligible, dedicated);
  }
}

const char* KindName(Figure::Kind kind) {
  switch (kind) {
    case Figure::Kind::kRate:
      return "rate";
    case Figure::Kind::kAmountVnd:
      return "amount_vnd";
    case Figure::Kind::kCount:
      break;
  }
  return "count";
}

}  // namespace

double Figure::Fraction() const {
  if (ratio) return *ratio;
  return denominator > 0
             ? static_cast<double>(numerator) / static_cast<double>(denominator)
             : 0;
}

bool Figure::Empty() const {
  return kind == Kind::kRate ? numerator == 0 && denominator == 0 : value == 0;
}

std::string Figure::Text() const {
  return kind == Kind::kRate ? absl::StrCat(numerator, "/", denominator)
                             : absl::StrCat(value);
}

FigureMap FiguresOf(const PeriodFigures& p) {
  FigureMap out;
  if (p.stats_ytd) AddIndicators(*p.stats_ytd, "stats", &out);
  if (p.stats_month) AddIndicators(*p.stats_month, "stats_month", &out);
  if (p.payments) AddPayments(*p.payments, &out);
  if (p.security) AddSecurity(*p.security, &out);
  if (p.workforce) AddWorkforce(*p.workforce, &out);
  return out;
}

std::set<std::string> EmptyBlocks(const PeriodFigures& p,
                                  const FigureMap& figures) {
  const std::pair<const char*, bool> answered[] = {
      {"stats", p.stats_ytd.has_value()},
      {"stats_month", p.stats_month.has_value()},
      {"payments", p.payments.has_value()},
      {"security", p.security.has_value()},
      {"workforce", p.workforce.has_value()}};
  std::set<std::string> out;
  for (const auto& [block, present] : answered) {
    if (!present) continue;
    const std::string prefix = absl::StrCat(block, ".total.");
    bool counted = false;
    for (auto it = figures.lower_bound(prefix);
         !counted && it != figures.end() && absl::StartsWith(it->first, prefix);
         ++it) {
      const Figure& f = it->second;
      counted = f.value != 0 || f.numerator != 0 || f.denominator != 0;
    }
    if (!counted) out.insert(block);
  }
  return out;
}

std::vector<std::string> LevelsOf(const PeriodFigures& p,
                                  const std::string& block) {
  std::vector<std::string> levels;
  if (block == "security" && p.security) {
    for (const auto& l : p.security->levels()) levels.push_back(l.level());
  } else if (block == "workforce" && p.workforce) {
    for (const auto& l : p.workforce->levels()) levels.push_back(l.level());
  } else if (block == "stats_month" && p.stats_month) {
    for (const auto& l : p.stats_month->levels()) levels.push_back(l.level());
  } else if (block == "payments" && p.payments) {
    for (const auto& l : p.payments->levels()) levels.push_back(l.level());
  } else if (block == "stats" && p.stats_ytd) {
    for (const auto& l : p.stats_ytd->levels()) levels.push_back(l.level());
  }
  return levels;
}

ordered_json FiguresJson(const FigureMap& figures) {
  ordered_json list = ordered_json::array();
  for (const auto& [key, f] : figures) {
    ordered_json item;
    item["key"] = key;
    item["kind"] = KindName(f.kind);
    if (f.kind == Figure::Kind::kRate) {
      item["numerator"] = f.numerator;
      item["denominator"] = f.denominator;
      if (f.denominator > 0) item["ratio"] = f.Fraction();
    } else {
      item["value"] = f.value;
    }
    item["additive"] = f.additive;
    item["source"] = {
        {"service", f.service}, {"method", f.method}, {"request", f.request}};
    list.push_back(std::move(item));
  }
  return list;
}

absl::StatusOr<FigureMap> FiguresFromJson(const nlohmann::json& list) {
  if (!list.is_array()) {
    return absl::DataLossError("archived figures are not a list");
  }
  FigureMap out;
  for (const nlohmann::json& item : list) {
    if (!item.is_object() || !item.value("key", nlohmann::json()).is_string()) {
      return absl::DataLossError("an archived figure has no key");
    }
    Figure f;
    f.key = item["key"].get<std::string>();
    const std::string kind = item.value("kind", "count");
    f.kind = kind == "rate"         ? Figure::Kind::kRate
             : kind == "amount_vnd" ? Figure::Kind::kAmountVnd
                                    : Figure::Kind::kCount;
    f.value = item.value("value", int64_t{0});
    f.numerator = item.value("numerator", int64_t{0});
    f.denominator = item.value("denominator", int64_t{0});
    if (item.contains("ratio") && item["ratio"].is_number()) {
      f.ratio = item["ratio"].get<double>();
    }
    f.additive = item.value("additive", true);
    if (item.contains("source") && item["source"].is_object()) {
      f.service = item["source"].value("service", "");
      f.method = item["source"].value("method", "");
      f.request = item["source"].value("request", ordered_json::object());
    }
    out[f.key] = std::move(f);
  }
  return out;
}

}  // namespace dtr::report
