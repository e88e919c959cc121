#include "services/report/report_context.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/dates.h"
#include "common/vietnamese_format.h"
#include "services/report/narrative_sections.h"

namespace dtr::report {
namespace {

using nlohmann::json;

// Reads figures of one block, formatting them.
class BlockReader {
 public:
  BlockReader(const FigureMap& figures, std::string block)
      : figures_(figures), block_(std::move(block)) {}

  const Figure* Find(const std::string& scope, const std::string& name) const {
    auto it = figures_.find(absl::StrCat(block_, ".", scope, ".", name));
    return it == figures_.end() ? nullptr : &it->second;
  }
  int64_t Value(const std::string& scope, const std::string& name) const {
    const Figure* f = Find(scope, name);
    return f ? f->value : 0;
  }
  std::string Count(const std::string& scope, const std::string& name) const {
    return VnInteger(Value(scope, name));
  }
  // {n, d, pct, pct_fixed, cell, has}: pct as prose writes it ("52,1%"),
  // pct_fixed as a table column does ("52,10%"), cell the whole table cell;
  // the percentages empty and the cell "—" when there is no denominator.
  json Rate(const std::string& scope, const std::string& name) const {
    const Figure* f = Find(scope, name);
    const bool has = f != nullptr && f->denominator > 0;
    json r = {{"n", VnInteger(f ? f->numerator : 0)},
              {"d", VnInteger(f ? f->denominator : 0)},
              {"has", has}};
    r["pct"] = has ? VnPercent(f->Fraction()) : "";
    r["pct_fixed"] = has ? VnPercentFixed(f->Fraction()) : "";
    r["cell"] = has ? FigureDisplay(*f) : "—";
    return r;
  }

 private:
  const FigureMap& figures_;
  std::string block_;
};

std::string LevelLabel(const json& labels, const std::string& level) {
  if (labels.contains("levels") && labels["levels"].contains(level) &&
      labels["levels"][level].is_string()) {
    return labels["levels"][level].get<std::string>();
  }
  return level;
}

// A service as the document names it ("an toàn thông tin").
std::string ServiceLabel(const json& labels, const std::string& service) {
  if (labels.contains("services") && labels["services"].contains(service) &&
      labels["services"][service].is_string()) {
    return labels["services"][service].get<std::string>();
  }
  return service;
}

// A block of figures as the banner for empty blocks names it ("hồ sơ thủ
// tục hành chính của tháng"), from the labels' "blocks", else its
// service's name.
std::string BlockLabel(const json& labels, const std::string& block) {
  if (labels.contains("blocks") && labels["blocks"].contains(block) &&
      labels["blocks"][block].is_string()) {
    return labels["blocks"][block].get<std::string>();
  }
  return ServiceLabel(labels, block);
}

// A rate of a month's table, as the report's tables write rates.
std::string RateCell(const common::v1::Ratio& r) {
  Figure f;
  f.kind = Figure::Kind::kRate;
  f.numerator = r.numerator();
  f.denominator = r.denominator();
  if (r.has_ratio()) f.ratio = r.ratio();
  return FigureDisplay(f);
}

// The year's months up to the report's, each with its three rates, for
// the table beside the month-by-month chart.
json MonthRows(const ContextInput& in) {
  json rows = json::array();
  static const std::map<std::string, stats::v1::GetTrendResponse> kNone;
  const auto& monthly = in.monthly != nullptr ? *in.monthly : kNone;
  for (int i = 0; i < in.months; ++i) {
    json row = {{"label", absl::StrCat("Tháng ", i + 1)}};
    for (const auto& [key, indicator] :
         {std::pair{"online", "online_submission"},
          std::pair{"full", "full_process_online"},
          std::pair{"digitization", "digitization"}}) {
      const common::v1::Ratio* rate = MonthlyRate(monthly, indicator, i);
      row[key] = rate != nullptr ? RateCell(*rate) : "—";
    }
    rows.push_back(row);
  }
  return rows;
}

// The level as a table heads it ("Cấp tỉnh"); its label when the labels
// give no title.
std::string LevelTitle(const json& labels, const std::string& level) {
  if (labels.contains("level_titles") &&
      labels["level_titles"].contains(level) &&
      labels["level_titles"][level].is_string()) {
    return labels["level_titles"][level].get<std::string>();
  }
  return LevelLabel(labels, level);
}

// A narrative section as the appendix names it ("1.4. Dữ liệu số").
std::string SectionTitle(const json& labels, const std::string& section) {
  if (labels.contains("sections") && labels["sections"].contains(section) &&
      labels["sections"][section].is_string()) {
    return labels["sections"][section].get<std::string>();
  }
  return section;
}

// The appendix's table of how the units reported: a row per section, per
// level and in all, and who is missing or late.
json CollectionContext(const v1::ContributionStatus& status,
                       const json& labels) {
  auto counts = [](const v1::ReportingRates& r, json row) {
    row["expected"] = VnInteger(r.expected());
    row["submitted"] = VnInteger(r.submitted());
    row["on_time"] = VnInteger(r.on_time());
    row["accepted"] = VnInteger(r.accepted());
    return row;
  };
  auto who = [&](const v1::ExpectedContribution& e) {
    std::string deadline = e.deadline();
    if (auto day = ParseIsoDate(e.deadline())) deadline = VnShortDate(*day);
    return absl::StrCat(e.unit_name().empty() ? e.unit_code() : e.unit_name(),
                        " (", SectionTitle(labels, e.section()), "; hạn ",
                        deadline, ")");
  };
  json rows = json::array();
  for (const v1::SectionRates& s : status.sections()) {
    rows.push_back(
        counts(s.rates(), {{"title", SectionTitle(labels, s.section())}}));
  }
  for (const v1::LevelRates& l : status.levels()) {
    if (status.levels_size() < 2 || l.level().empty()) continue;
    rows.push_back(
        counts(l.rates(), {{"title", LevelTitle(labels, l.level())}}));
  }
  std::vector<std::string> missing, late;
  for (const auto& e : status.total().missing()) missing.push_back(who(e));
  for (const auto& e : status.total().late()) late.push_back(who(e));
  return {{"present", status.total().expected() > 0},
          {"rows", rows},
          {"total", counts(status.total(), json::object())},
          {"has_missing", !missing.empty()},
          {"missing", absl::StrJoin(missing, "; ")},
          {"has_late", !late.empty()},
          {"late", absl::StrJoin(late, "; ")}};
}

// How many of the lowest units of each ranking the appendix lists.
constexpr int kLowestListed = 5;

// The appendix's tables of the lowest units: per ranked rate, the few
// lowest of each level, lowest first.
json LowestContext(const std::map<std::pair<std::string, std::string>,
                                  stats::v1::RankUnitsResponse>& rankings,
                   const std::vector<std::string>& levels, const json& labels) {
  // The levels from the top of the tree, then any other ranked.
  std::vector<std::string> order = levels;
  for (const auto& [key, ranking] : rankings) {
    if (std::find(order.begin(), order.end(), key.first) == order.end()) {
      order.push_back(key.first);
    }
  }
  json tables = json::array();
  for (const char* indicator : kRankedIndicators) {
    json rows = json::array();
    for (const std::string& level : order) {
      if (rankings.count({level, indicator}) == 0) continue;
      const auto& units = rankings.at({level, indicator}).units();
      const int first = std::max(0, units.size() - kLowestListed);
      for (int i = units.size() - 1; i >= first; --i) {
        rows.push_back(
            {{"level", LevelTitle(labels, level)},
             {"unit", units[i].unit_name()},
             {"rank", absl::StrCat(units[i].rank(), "/", units.size())},
             {"rate", RateCell(units[i].rate())}});
      }
    }
    if (rows.empty()) continue;
    const std::string key = absl::StrCat("stats.", indicator);
    std::string title = key;
    if (labels.contains("figure_names") &&
        labels["figure_names"].contains(key)) {
      title = labels["figure_names"][key].get<std::string>();
    }
    tables.push_back({{"title", title}, {"rows", rows}});
  }
  return tables;
}

// The appendix's list of figures of issued months that have changed
// since they were issued, month by month.
json AdjustmentsContext(const std::vector<IssuedMonthFigures>& months,
                        const json& labels) {
  json out = json::array();
  for (const IssuedMonthFigures& m : months) {
    json rows = json::array();
    for (const auto& [key, now] : m.now) {
      auto was = m.issued.find(key);
      if (was == m.issued.end() ? now.Empty()
                                : was->second.Text() == now.Text()) {
        continue;
      }
      rows.push_back(
          {{"name", FigureName(labels, key)},
           {"issued", was == m.issued.end() ? std::string("—")
                                            : FigureDisplay(was->second)},
           {"now", FigureDisplay(now)}});
    }
    // Figures the services no longer give (as the JSON lists them too).
    for (const auto& [key, was] : m.issued) {
      if (m.now.count(key) > 0) continue;
      rows.push_back({{"name", FigureName(labels, key)},
                      {"issued", FigureDisplay(was)},
                      {"now", "—"}});
    }
    if (rows.empty()) continue;
    std::string issued_at = m.issued_at;
    if (std::optional<absl::Time> t = ParseInstant(m.issued_at)) {
      issued_at = VnShortDate(absl::ToCivilDay(*t, ReportTimeZone()));
    }
    out.push_back({{"month", VnMonthYear(m.month)},
                   {"number", m.document_number},
                   {"issued_at", issued_at},
                   {"rows", rows}});
  }
  return out;
}

// Every level but the lowest, as the report groups them ("cấp tỉnh và cấp
// huyện").
std::string UpperLabel(const json& labels,
                       const std::vector<std::string>& levels) {
  std::vector<std::string> names;
  for (size_t i = 0; i + 1 < levels.size(); ++i) {
    names.push_back(LevelLabel(labels, levels[i]));
  }
  return absl::StrJoin(names, " và ");
}

// The per-level entries of a block, in tree order, each with its label and
// whether it is the last; `fill` adds the block's own fields.
template <typename Fill>
json Levels(const json& labels, const std::vector<std::string>& levels,
            Fill fill) {
  json out = json::array();
  for (size_t i = 0; i < levels.size(); ++i) {
    json entry = fill(levels[i]);
    entry["level"] = levels[i];
    entry["label"] = LevelLabel(labels, levels[i]);
    entry["title"] = LevelTitle(labels, levels[i]);
    entry["first"] = i == 0;
    entry["last"] = i + 1 == levels.size();
    out.push_back(std::move(entry));
  }
  return out;
}

json StatsBlock(const BlockReader& r, const std::string& scope) {
  return {{"received", r.Count(scope, "dossiers_received")},
          {"online", r.Rate(scope, "online_submission")},
          {"full", r.Rate(scope, "full_process_online")},
          {"digitization", r.Rate(scope, "digitization")},
          {"on_time", r.Rate(scope, "on_time")},
          {"components", r.Rate(scope, "component_digitization")},
          {"reuse", r.Rate(scope, "result_reuse")}};
}

json PaymentsBlock(const BlockReader& r, const std::string& scope) {
  const Figure* amount = r.Find(scope, "amount_vnd");
  return {{"units", r.Count(scope, "units_with_payments")},
          {"transactions", r.Count(scope, "successful_transactions")},
          {"amount_million", VnMillionDong(amount ? amount->value : 0)}};
}

json SecurityBlock(const BlockReader& r, const std::string& scope) {
  return {{"systems", r.Count(scope, "systems")},
          {"approved", r.Rate(scope, "approved_dossier")},
          {"gaps", r.Count(scope, "systems_with_gaps")},
          {"soc", r.Rate(scope, "soc_monitored")},
          {"workstations", r.Count(scope, "workstations")},
          {"workstations_central", r.Count(scope, "workstations_central")},
          {"servers", r.Count(scope, "servers")},
          {"servers_central", r.Count(scope, "servers_central")},
          {"servers_central2", VnCount2(r.Value(scope, "servers_central"))},
          {"open_incidents", r.Count(scope, "open_incidents")}};
}

json WorkforceBlock(const BlockReader& r, const std::string& scope) {
  return {{"staff", r.Count(scope, "staff")},
          {"dedicated", r.Count(scope, "dedicated")},
          {"concurrent", r.Count(scope, "concurrent")},
          {"eligible", r.Rate(scope, "eligible")},
          {"master_it", r.Count(scope, "master_it")},
          {"bachelor_it", r.Count(scope, "bachelor_it")},
          {"master_it_share", r.Rate(scope, "master_it_share")},
          {"bachelor_it_share", r.Rate(scope, "bachelor_it_share")},
          {"courses", r.Count(scope, "courses")},
          {"trainees", r.Count(scope, "trainees")},
          {"registered_trainees", r.Count(scope, "registered_trainees")},
          {"other_trainees", r.Count(scope, "other_trainees")}};
}

// The levels of a block that have any figure: a level the unit tree had in
// part of the range but no record counts at (the districts of a year in
// which the two-level local government began) gets no empty row.
std::vector<std::string> LevelsWithFigures(
    const FigureMap& figures, const std::string& block,
    const std::vector<std::string>& levels) {
  std::vector<std::string> out;
  for (const std::string& level : levels) {
    const std::string prefix = absl::StrCat(block, ".", level, ".");
    for (auto it = figures.lower_bound(prefix);
         it != figures.end() && absl::StartsWith(it->first, prefix); ++it) {
      const Figure& f = it->second;
      if (f.value != 0 || f.numerator != 0 || f.denominator != 0) {
        out.push_back(level);
        break;
      }
    }
  }
  return out;
}

// A block's levels, lowest and upper group, for the sentences that speak
// of "province and district" and "commune".
template <typename Fill>
void AddLevels(json* block, const json& labels,
               const std::vector<std::string>& levels, Fill fill) {
  (*block)["levels"] = Levels(labels, levels, fill);
  (*block)["levels_count2"] = VnCount2(static_cast<int64_t>(levels.size()));
  (*block)["has_upper"] = levels.size() > 1;
  if (!levels.empty()) {
    json lowest = fill(levels.back());
    lowest["label"] = LevelLabel(labels, levels.back());
    (*block)["lowest"] = std::move(lowest);
  }
  (*block)["upper_label"] = UpperLabel(labels, levels);
}

std::string Signed(int64_t v) {
  return v > 0 ? "+" + VnInteger(v) : VnInteger(v);
}

// The change of a headline figure between two reports.
std::string Change(const Figure& now, const Figure& before) {
  if (now.kind == Figure::Kind::kRate) {
    if (now.denominator == 0 || before.denominator == 0) return "";
    // The sign of what is printed: +0,001 points is "0,00", not "+0,00".
    const std::string points =
        VnFixed((now.Fraction() - before.Fraction()) * 100, 2);
    const bool positive = points != "0,00" && points[0] != '-';
    // No-break spaces: a table cell never breaks "điểm %" apart.
    return absl::StrCat(positive ? "+" : "", points, "\u00a0điểm\u00a0%");
  }
  return Signed(now.value - before.value);
}

// The block of a figure key: "stats" of "stats.total.digitization".
std::string BlockOf(const std::string& key) {
  return key.substr(0, key.find('.'));
}

// The appendix's table. A block with no records gets "chưa có số liệu"
// rather than zeros, and no change against the month before (which would
// read as a fall to nothing).
json Headline(const ContextInput& in, const json& labels) {
  constexpr char kNoRecords[] = "chưa có số liệu";
  json rows = json::array();
  if (!labels.contains("headline") || !labels["headline"].is_array()) {
    return rows;
  }
  for (const json& item : labels["headline"]) {
    const std::string key = item.value("figure", "");
    auto now = in.figures->find(key);
    if (now == in.figures->end()) continue;
    const bool empty = in.empty.count(BlockOf(key)) > 0;
    json row = {{"label", item.value("label", key)},
                {"ytd", empty ? kNoRecords : FigureDisplay(now->second)},
                {"month", "—"},
                {"previous", "—"},
                {"change", "—"}};
    if (absl::StartsWith(key, "stats.")) {
      auto month = in.figures->find("stats_month." + key.substr(6));
      if (month != in.figures->end()) {
        row["month"] = in.empty.count("stats_month")
                           ? kNoRecords
                           : FigureDisplay(month->second);
      }
    }
    if (in.previous != nullptr) {
      auto before = in.previous->find(key);
      if (before != in.previous->end()) {
        row["previous"] = FigureDisplay(before->second);
        if (!empty) row["change"] = Change(now->second, before->second);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

// A figure as the document names it ("Tỷ lệ hồ sơ TTHC được số hoá, tổng
// cộng"), from the labels' "figure_names" and its level; its key when the
// labels do not name it.
std::string FigureName(const json& labels, const std::string& key) {
  const std::vector<std::string> parts = absl::StrSplit(key, '.');
  if (parts.size() != 3) return key;
  const std::string indicator = parts[0] + "." + parts[2];
  if (!labels.contains("figure_names") ||
      !labels["figure_names"].contains(indicator) ||
      !labels["figure_names"][indicator].is_string()) {
    return key;
  }
  std::string level = LevelLabel(labels, parts[1]);
  if (labels.contains("figure_levels") &&
      labels["figure_levels"].contains(parts[1]) &&
      labels["figure_levels"][parts[1]].is_string()) {
    level = labels["figure_levels"][parts[1]].get<std::string>();
  }
  return absl::StrCat(labels["figure_names"][indicator].get<std::string>(),
                      ", ", level);
}

std::string FigureDisplay(const Figure& f) {
  switch (f.kind) {
    case Figure::Kind::kRate:
      if (f.denominator <= 0) return "—";
      return absl::StrCat(VnInteger(f.numerator), "/", VnInteger(f.denominator),
                          " (", VnPercentFixed(f.Fraction()), ")");
    case Figure::Kind::kAmountVnd:
      return VnMillionDong(f.value) + " triệu đồng";
    case Figure::Kind::kCount:
      break;
  }
  return VnInteger(f.value);
}

json BuildContext(const ContextInput& in, const json& labels) {
  const absl::CivilDay first = YearStart(in.month), last = MonthEnd(in.month);
  const v1::ReportSettings& s = *in.settings;
  json ctx;
  ctx["unit"] = {{"code", in.unit_code}, {"name", in.unit_name}};
  ctx["period"] = {
      {"month", VnMonth(static_cast<int>(in.month.month()))},
      {"year", absl::StrCat(in.month.year())},
      {"first_long", VnLongDate(first)},
      {"last_long", VnLongDate(last)},
      {"first_short", VnShortDate(first)},
      {"last_short", VnShortDate(last)},
      {"payments_through_short", VnShortDate(in.payments_through)},
      {"previous_month", VnMonth(static_cast<int>((in.month - 1).month()))},
      {"previous_year", absl::StrCat((in.month - 1).year())}};
  // The date line: the day left blank for the signer unless given.
  const std::string place = s.place().empty() ? in.unit_name : s.place();
  ctx["date_line"] =
      in.issue_date ? absl::StrCat(place, ", ", VnLongDate(*in.issue_date))
                    : absl::StrCat(place, ", ngày", VnBlank(6), "tháng ",
                                   VnMonth(static_cast<int>(in.month.month())),
                                   " năm ", in.month.year());
  json signer_title = json::array();
  for (const std::string& line : s.signer_title()) {
    signer_title.push_back({{"line", line}});
  }
  json recipients = json::array();
  for (const std::string& line : s.recipients()) {
    recipients.push_back({{"line", line}});
  }
  ctx["settings"] = {{"issuer_parent", s.issuer_parent()},
                     {"issuer", s.issuer()},
                     {"symbol", s.document_symbol()},
                     {"number_line", absl::StrCat("Số:", VnBlank(8), "/",
                                                  s.document_symbol())},
                     {"place", place},
                     {"signer_title", signer_title},
                     {"signer_name", s.signer_name()},
                     {"recipients", recipients}};

  json narrative = json::object();
  for (const v1::Narrative& n : *in.narratives) {
    if (!n.text().empty()) narrative[n.section()] = n.text();
  }
  ctx["narrative"] = narrative;
  // The appendix's optional sections, numbered after its first two.
  int number = 3;
  const json lowest =
      in.rankings != nullptr
          ? LowestContext(*in.rankings, LevelsOf(*in.current, "stats"), labels)
          : json::array();
  ctx["lowest"] = {{"present", !lowest.empty()},
                   {"tables", lowest},
                   {"listed", kLowestListed}};
  if (!lowest.empty()) ctx["lowest"]["number"] = number++;
  ctx["collection"] = in.collection != nullptr
                          ? CollectionContext(*in.collection, labels)
                          : json{{"present", false}};
  if (ctx["collection"]["present"].get<bool>()) {
    ctx["collection"]["number"] = number++;
  }
  const json adjusted = in.issued_months != nullptr
                            ? AdjustmentsContext(*in.issued_months, labels)
                            : json::array();
  ctx["adjustments"] = {
      {"present", !adjusted.empty()}, {"number", number}, {"months", adjusted}};

  ctx["partial"] = !in.missing.empty();
  ctx["missing"] = json::object();
  for (const std::string& service : in.missing) ctx["missing"][service] = true;
  std::vector<std::string> missing_labels;
  for (const std::string& service : in.missing) {
    missing_labels.push_back(ServiceLabel(labels, service));
  }
  ctx["missing_services"] = absl::StrJoin(missing_labels, ", ");

  // What answered but had nothing to count: the blocks are left out, and
  // the sections say so in their place.
  ctx["empty"] = json::object();
  for (const std::string& block : in.empty) ctx["empty"][block] = true;
  // The banner names what has no records; with no dossiers of the year,
  // none of the month and no payments go without saying.
  std::vector<std::string> empty_labels;
  for (const char* block :
       {"stats", "stats_month", "payments", "security", "workforce"}) {
    const bool implied = absl::StartsWith(block, "stats_") ||
                         absl::string_view(block) == "payments";
    if (in.empty.count(block) && !(implied && in.empty.count("stats"))) {
      empty_labels.push_back(BlockLabel(labels, block));
    }
  }
  ctx["has_empty"] = !empty_labels.empty();
  ctx["empty_services"] = absl::StrJoin(empty_labels, ", ");

  const FigureMap& f = *in.figures;
  if (in.current->stats_ytd && !in.empty.count("stats")) {
    BlockReader r(f, "stats");
    json block = StatsBlock(r, "total");
    AddLevels(&block, labels,
              LevelsWithFigures(f, "stats", LevelsOf(*in.current, "stats")),
              [&](const std::string& l) { return StatsBlock(r, l); });
    block["months"] = MonthRows(in);
    ctx["stats"] = block;
  }
  if (in.current->stats_month && !in.empty.count("stats_month")) {
    BlockReader r(f, "stats_month");
    json block = StatsBlock(r, "total");
    AddLevels(&block, labels,
              LevelsWithFigures(f, "stats_month",
                                LevelsOf(*in.current, "stats_month")),
              [&](const std::string& l) { return StatsBlock(r, l); });
    ctx["stats_month"] = block;
  }
  if (in.current->payments && !in.empty.count("payments")) {
    BlockReader r(f, "payments");
    json block = PaymentsBlock(r, "total");
    block["from_short"] = VnShortDate(first);
    block["to_short"] = VnShortDate(in.payments_through);
    AddLevels(
        &block, labels,
        LevelsWithFigures(f, "payments", LevelsOf(*in.current, "payments")),
        [&](const std::string& l) { return PaymentsBlock(r, l); });
    ctx["payments"] = block;
  }
  if (in.current->security && !in.empty.count("security")) {
    BlockReader r(f, "security");
    json block = SecurityBlock(r, "total");
    AddLevels(
        &block, labels,
        LevelsWithFigures(f, "security", LevelsOf(*in.current, "security")),
        [&](const std::string& l) { return SecurityBlock(r, l); });
    block["upper_approved"] = r.Rate("upper", "approved_dossier");
    const Figure* soc = r.Find("total", "soc_monitored");
    block["soc_none"] = soc == nullptr || soc->numerator == 0;
    ctx["security"] = block;
  }
  if (in.current->workforce && !in.empty.count("workforce")) {
    BlockReader r(f, "workforce");
    json block = WorkforceBlock(r, "total");
    AddLevels(
        &block, labels,
        LevelsWithFigures(f, "workforce", LevelsOf(*in.current, "workforce")),
        [&](const std::string& l) { return WorkforceBlock(r, l); });
    block["upper_dedicated"] = r.Count("upper", "dedicated");
    block["upper_eligible"] = r.Rate("upper", "eligible");
    json rules = json::array();
    for (const auto& rule : in.current->workforce->allowance_rules()) {
      rules.push_back({{"rule_id", rule.rule_id()},
                       {"title", rule.title()},
                       {"legal_basis", rule.legal_basis()}});
    }
    std::vector<std::string> bases;
    for (const json& rule : rules) bases.push_back(rule["legal_basis"]);
    block["rules"] = rules;
    block["has_rules"] = !rules.empty();
    block["legal_bases"] = absl::StrJoin(bases, " và ");
    ctx["workforce"] = block;
  }

  json inconsistencies = json::array();
  for (const v1::Inconsistency& i : *in.inconsistencies) {
    inconsistencies.push_back({{"figure", i.figure()},
                               {"name", FigureName(labels, i.figure())},
                               {"check", i.check()},
                               {"detail", i.detail()}});
  }
  ctx["inconsistencies"] = inconsistencies;
  ctx["has_inconsistencies"] = !inconsistencies.empty();
  json outliers = json::array();
  if (in.outliers != nullptr) {
    for (const stats::v1::Outlier& o : in.outliers->outliers()) {
      const bool count = o.metric() == "dossiers_received";
      auto shown = [&](double x) {
        return count ? VnInteger(static_cast<int64_t>(std::llround(x)))
                     : VnPercent(x);
      };
      const std::string key = absl::StrCat("stats.", o.metric());
      std::string metric = o.metric();
      if (labels.contains("figure_names") &&
          labels["figure_names"].contains(key)) {
        metric = labels["figure_names"][key].get<std::string>();
      }
      outliers.push_back({{"unit", o.unit_name()},
                          {"level", LevelLabel(labels, o.level())},
                          {"metric", metric},
                          {"value", shown(o.value())},
                          {"median", shown(o.median())},
                          {"months", absl::StrCat(o.history_months())}});
    }
  }
  ctx["outliers"] = {
      {"present", !outliers.empty()},
      {"list", outliers},
      {"threshold",
       in.outliers != nullptr ? VnDecimal(in.outliers->threshold(), 1) : ""}};
  ctx["headline"] = Headline(in, labels);
  ctx["previous"] = {{"present", in.previous != nullptr},
                     {"source", in.previous_source}};
  ctx["version"] = absl::StrCat(in.version);
  ctx["generated_at"] = VnLocalTime(in.generated_at);
  ctx["generated_at_rfc3339"] = FormatInstant(in.generated_at);
  return ctx;
}

}  // namespace dtr::report
