#include "services/report/report_assembly.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/cms_signature.h"
#include "common/dates.h"
#include "common/fingerprint.h"
#include "common/rule_version_json.h"
#include "services/report/consistency_checks.h"
#include "services/report/docx_writer.h"
#include "services/report/markdown.h"
#include "services/report/narrative_sections.h"
#include "services/report/pdf_writer.h"
#include "services/report/report_charts.h"
#include "services/report/report_context.h"
#include "services/report/report_xlsx.h"
#include "services/security/compliance_json.h"
#include "services/stats/indicators_json.h"
#include "services/workforce/workforce_summary_json.h"

namespace dtr::report {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

const char* Extension(v1::Format format) {
  switch (format) {
    case v1::FORMAT_DOCX:
      return "docx";
    case v1::FORMAT_HTML:
      return "html";
    case v1::FORMAT_MARKDOWN:
      return "md";
    case v1::FORMAT_PDF:
      return "pdf";
    case v1::FORMAT_XLSX:
      return "xlsx";
    default:
      return "json";
  }
}

const char* MediaType(v1::Format format) {
  switch (format) {
    case v1::FORMAT_DOCX:
      return "application/"
             "vnd.openxmlformats-officedocument.wordprocessingml.document";
    case v1::FORMAT_HTML:
      return "text/html; charset=utf-8";
    case v1::FORMAT_MARKDOWN:
      return "text/markdown; charset=utf-8";
    case v1::FORMAT_PDF:
      return "application/pdf";
    case v1::FORMAT_XLSX:
      return "application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    default:
      return "application/json";
  }
}

std::string UnitName(const PeriodFigures& p, const std::string& fallback) {
  if (p.stats_ytd) return p.stats_ytd->unit().name();
  if (p.security) return p.security->unit().name();
  if (p.workforce) return p.workforce->unit().name();
  return fallback;
}

std::vector<v1::FigureChange> Changes(const FigureMap& before,
                                      const FigureMap& after) {
  std::vector<v1::FigureChange> out;
  for (const auto& [key, now] : after) {
    auto was = before.find(key);
    if (was == before.end() && now.Empty()) continue;
    const std::string then = was == before.end() ? "" : was->second.Text();
    if (then == now.Text()) continue;
    v1::FigureChange c;
    c.set_figure(key);
    c.set_before(then);
    c.set_after(now.Text());
    out.push_back(std::move(c));
  }
  for (const auto& [key, was] : before) {
    if (after.count(key)) continue;
    v1::FigureChange c;
    c.set_figure(key);
    c.set_before(was.Text());
    out.push_back(std::move(c));
  }
  return out;
}

ordered_json ChangesJson(const std::vector<v1::FigureChange>& changes) {
  ordered_json list = ordered_json::array();
  for (const v1::FigureChange& c : changes) {
    list.push_back(
        {{"figure", c.figure()}, {"before", c.before()}, {"after", c.after()}});
  }
  return list;
}

ordered_json RequestJson(const v1::GenerateReportRequest& r) {
  return {{"unit_code", r.unit_code()},
          {"period", r.period()},
          {"allow_partial", r.allow_partial()},
          {"payments_through", r.payments_through()},
          {"issue_date", r.issue_date()}};
}

// The settings applied as a version of reference data: their days, legal
// basis and content.
common::v1::RuleVersion SettingsVersion(const v1::ReportSettings& s) {
  common::v1::RuleVersion version;
  version.set_kind("settings");
  version.set_valid_from(s.valid_from());
  version.set_valid_to(s.valid_to());
  *version.mutable_legal_basis() = s.legal_basis();
  v1::ReportSettings content = s;
  content.clear_valid_to();
  content.clear_updated_at();
  version.set_fingerprint(absl::StrCat(
      absl::Hex(Fingerprint(content.SerializeAsString()), absl::kZeroPad16)));
  return version;
}

ordered_json SettingsJson(const v1::ReportSettings& s) {
  return {{"issuer_parent", s.issuer_parent()},
          {"issuer", s.issuer()},
          {"document_symbol", s.document_symbol()},
          {"place", s.place()},
          {"signer_title", std::vector<std::string>(s.signer_title().begin(),
                                                    s.signer_title().end())},
          {"signer_name", s.signer_name()},
          {"recipients", std::vector<std::string>(s.recipients().begin(),
                                                  s.recipients().end())}};
}

// The JSON rendering: the three services' summaries of the year to date in
// their own shapes, every figure with its source, and what the report
// found and compared.
ordered_json ReportJson(const AssemblyInput& in, const std::string& unit_name,
                        const FigureMap& figures,
                        const std::vector<v1::Inconsistency>& inconsistencies,
                        const std::vector<v1::FigureChange>& since_version,
                        const std::vector<v1::FigureChange>& since_previous) {
  const PeriodFigures& p = in.sources->current;
  ordered_json out;
  out["unit"] = in.request.unit_code();
  out["unit_name"] = unit_name;
  out["period"] = in.request.period();
  out["version"] = in.version;
  out["generated_at"] = FormatInstant(in.generated_at);
  out["generated_by"] = in.generated_by;
  out["partial"] = !in.missing.empty();
  out["missing_services"] =
      std::vector<std::string>(in.missing.begin(), in.missing.end());
  const std::set<std::string> empty = EmptyBlocks(p, figures);
  out["empty_blocks"] = std::vector<std::string>(empty.begin(), empty.end());
  out["request"] = RequestJson(in.request);
  out["stats"] =
      p.stats_ytd ? stats::IndicatorsJson(*p.stats_ytd) : ordered_json(nullptr);
  out["stats_month"] = p.stats_month ? stats::IndicatorsJson(*p.stats_month)
                                     : ordered_json(nullptr);
  out["payments"] =
      p.payments ? stats::IndicatorsJson(*p.payments) : ordered_json(nullptr);
  out["security"] = p.security ? security::ComplianceSummaryJson(*p.security)
                               : ordered_json(nullptr);
  out["workforce"] = p.workforce ? workforce::WorkforceSummaryJson(*p.workforce)
                                 : ordered_json(nullptr);
  // The reference data the figures were computed with, as the services
  // applied it to the period.
  ordered_json rule_versions = ordered_json::array();
  if (p.stats_ytd && p.stats_ytd->has_indicators_version()) {
    rule_versions.push_back(RuleVersionJson(p.stats_ytd->indicators_version()));
  }
  if (p.security && p.security->has_controls_version()) {
    rule_versions.push_back(RuleVersionJson(p.security->controls_version()));
  }
  rule_versions.push_back(RuleVersionJson(SettingsVersion(in.settings)));
  rule_versions.push_back(RuleVersionJson(in.templates_version));
  out["rule_versions"] = rule_versions;
  out["figures"] = FiguresJson(figures);
  ordered_json published = ordered_json::array();
  for (const v1::PublishedFigure& f : in.published) {
    published.push_back({{"figure", f.figure()},
                         {"value", f.value()},
                         {"decimals", f.decimals()},
                         {"source", f.source()}});
  }
  out["published"] = published;
  ordered_json found = ordered_json::array();
  for (const v1::Inconsistency& i : inconsistencies) {
    found.push_back(
        {{"figure", i.figure()}, {"check", i.check()}, {"detail", i.detail()}});
  }
  out["inconsistencies"] = found;
  out["previous_report"] = {
      {"period", absl::StrFormat("%04d-%02d", (in.month - 1).year(),
                                 (in.month - 1).month())},
      {"source", in.previous ? in.previous_source : ""},
      {"changes", ChangesJson(since_previous)}};
  out["changes_since_previous_version"] = ChangesJson(since_version);
  ordered_json narratives = ordered_json::object();
  for (const v1::Narrative& n : in.narratives)
    narratives[n.section()] = n.text();
  out["narratives"] = narratives;
  ordered_json contributions = ordered_json::array();
  for (const AcceptedContribution& c : in.contributions) {
    contributions.push_back({{"unit", c.unit_code},
                             {"unit_name", c.unit_name},
                             {"section", c.section},
                             {"accepted_at", c.accepted_at},
                             {"text", c.text}});
  }
  out["contributions"] = contributions;
  ordered_json accepted_since = ordered_json::array();
  for (const v1::ContributionChange& c : in.contribution_changes) {
    accepted_since.push_back({{"unit", c.unit_code()},
                              {"section", c.section()},
                              {"accepted_at", c.accepted_at()}});
  }
  out["contributions_since_previous_version"] = accepted_since;
  ordered_json adjusted = ordered_json::array();
  for (const IssuedMonthFigures& m : in.issued_months) {
    const std::vector<v1::FigureChange> changes = Changes(m.issued, m.now);
    if (changes.empty()) continue;
    adjusted.push_back({{"period", absl::StrFormat("%04d-%02d", m.month.year(),
                                                   m.month.month())},
                        {"document_number", m.document_number},
                        {"issued_at", m.issued_at},
                        {"changes", ChangesJson(changes)}});
  }
  out["adjustments_of_issued_months"] = adjusted;
  // The rankings behind the appendix's lowest units, whole.
  ordered_json rankings = ordered_json::array();
  for (const auto& [key, ranking] : in.sources->rankings) {
    ordered_json units = ordered_json::array();
    for (const stats::v1::RankedUnit& u : ranking.units()) {
      units.push_back({{"unit", u.unit_code()},
                       {"rank", u.rank()},
                       {"numerator", u.rate().numerator()},
                       {"denominator", u.rate().denominator()}});
    }
    rankings.push_back({{"level", key.first},
                        {"indicator", key.second},
                        {"min_denominator", ranking.min_denominator()},
                        {"units", units}});
  }
  out["rankings"] = rankings;
  ordered_json outliers = ordered_json::array();
  if (in.sources->outliers) {
    for (const stats::v1::Outlier& o : in.sources->outliers->outliers()) {
      outliers.push_back(stats::OutlierJson(o));
    }
  }
  out["outliers"] = outliers;
  if (in.collection) {
    // How the units reported, as the appendix's table counts it.
    auto units = [](const auto& list) {
      ordered_json out = ordered_json::array();
      for (const v1::ExpectedContribution& e : list) {
        out.push_back({{"unit", e.unit_code()},
                       {"section", e.section()},
                       {"deadline", e.deadline()},
                       {"submitted_at", e.submitted_at()}});
      }
      return out;
    };
    const v1::ReportingRates& t = in.collection->total();
    out["collection"] = {
        {"as_of", in.collection->as_of()}, {"expected", t.expected()},
        {"submitted", t.submitted()},      {"on_time", t.on_time()},
        {"accepted", t.accepted()},        {"missing", units(t.missing())},
        {"late", units(t.late())}};
  }
  out["settings"] = SettingsJson(in.settings);
  return out;
}

std::string Label(const json& labels, const char* key, const json& context,
                  const TemplateSet& templates) {
  if (!labels.contains(key) || !labels[key].is_string()) return "";
  return templates.RenderText(labels[key].get<std::string>(), context,
                              Escape::kNone);
}

}  // namespace

std::string RenderingFileName(const std::string& unit,
                              const std::string& period, v1::Format format) {
  return absl::StrCat(unit, "-", period, ".", Extension(format));
}

absl::StatusOr<ArchivedReport> AssembleReport(const AssemblyInput& in,
                                              const TemplateSet& templates) {
  const PeriodFigures& current = in.sources->current;
  const std::string unit_name = UnitName(current, in.request.unit_code());
  const FigureMap figures = FiguresOf(current);
  const std::vector<v1::Inconsistency> inconsistencies =
      CheckFigures(figures, in.published);
  const std::vector<v1::FigureChange> since_version =
      in.previous_version ? Changes(*in.previous_version, figures)
                          : std::vector<v1::FigureChange>();
  const std::vector<v1::FigureChange> since_previous =
      in.previous ? Changes(*in.previous, figures)
                  : std::vector<v1::FigureChange>();

  std::vector<v1::Narrative> narratives =
      WithContributions(in.narratives, in.contributions, in.request.unit_code(),
                        in.request.period());
  std::sort(narratives.begin(), narratives.end(),
            [](const v1::Narrative& a, const v1::Narrative& b) {
              return NarrativeSectionIndex(a.section()) <
                     NarrativeSectionIndex(b.section());
            });
  ContextInput ci;
  ci.unit_code = in.request.unit_code();
  ci.unit_name = unit_name;
  ci.month = in.month;
  ci.payments_through = in.payments_through;
  ci.issue_date = in.issue_date;
  ci.current = &current;
  ci.monthly = &in.sources->monthly;
  ci.months = in.sources->months;
  ci.figures = &figures;
  ci.previous = in.previous ? &*in.previous : nullptr;
  ci.previous_source = in.previous_source;
  ci.settings = &in.settings;
  ci.narratives = &narratives;
  ci.inconsistencies = &inconsistencies;
  ci.missing = in.missing;
  ci.version = in.version;
  ci.empty = EmptyBlocks(current, figures);
  ci.generated_at = in.generated_at;
  ci.collection = in.collection ? &*in.collection : nullptr;
  ci.issued_months = &in.issued_months;
  ci.rankings = &in.sources->rankings;
  ci.outliers = in.sources->outliers ? &*in.sources->outliers : nullptr;
  json context = BuildContext(ci, templates.labels());
  const json& labels = templates.labels();
  context["title"] = Label(labels, "title", context, templates);
  context["summary"] = Label(labels, "summary", context, templates);
  context["nation"] = Label(labels, "nation", context, templates);
  context["motto"] = Label(labels, "motto", context, templates);
  context["recipients_heading"] =
      Label(labels, "recipients_heading", context, templates);

  auto body = templates.Render("body.md", context, Escape::kMarkdown);
  if (!body.ok()) return body.status();
  context["body"] = *body;
  std::string appendix_text;
  if (templates.Has("appendix.md")) {
    auto appendix = templates.Render("appendix.md", context, Escape::kMarkdown);
    if (!appendix.ok()) return appendix.status();
    appendix_text = std::move(*appendix);
  }
  context["appendix"] = appendix_text;
  auto markdown = templates.Render("report.md", context, Escape::kMarkdown);
  if (!markdown.ok()) return markdown.status();
  *markdown = WithChartCaptions(*markdown);
  const MarkdownDocument parsed(*body);
  const MarkdownDocument parsed_appendix(appendix_text);
  const ChartSet charts = ReportCharts(*in.sources, labels);
  auto body_html = WithInlineCharts(parsed.ToHtml(), charts);
  if (!body_html.ok()) return body_html.status();
  context["body_html"] = std::move(*body_html);
  context["appendix_html"] = parsed_appendix.ToHtml();
  auto html = templates.Render("report.html", context, Escape::kHtml);
  if (!html.ok()) return html.status();

  DocumentFrame frame;
  frame.issuer_parent = in.settings.issuer_parent();
  frame.issuer = in.settings.issuer();
  frame.number_line = context["settings"]["number_line"].get<std::string>();
  frame.nation = context["nation"].get<std::string>();
  frame.motto = context["motto"].get<std::string>();
  frame.date_line = context["date_line"].get<std::string>();
  frame.title = context["title"].get<std::string>();
  frame.summary = context["summary"].get<std::string>();
  frame.recipients_heading = context["recipients_heading"].get<std::string>();
  frame.recipients.assign(in.settings.recipients().begin(),
                          in.settings.recipients().end());
  frame.signer_title.assign(in.settings.signer_title().begin(),
                            in.settings.signer_title().end());
  frame.signer_name = in.settings.signer_name();
  frame.created = in.generated_at;
  auto docx =
      WriteDocx(frame, parsed,
                appendix_text.empty() ? nullptr : &parsed_appendix, charts);
  if (!docx.ok()) return docx.status();
  auto pdf =
      WritePdf(frame, parsed,
               appendix_text.empty() ? nullptr : &parsed_appendix, charts);
  if (!pdf.ok()) return pdf.status();

  ArchivedReport out;
  out.renderings[v1::FORMAT_DOCX] = std::move(*docx);
  out.renderings[v1::FORMAT_HTML] = std::move(*html);
  out.renderings[v1::FORMAT_MARKDOWN] = std::move(*markdown);
  out.renderings[v1::FORMAT_PDF] = std::move(pdf->bytes);
  auto xlsx = ReportXlsx(in, figures, labels);
  if (!xlsx.ok()) return xlsx.status();
  out.renderings[v1::FORMAT_XLSX] = std::move(*xlsx);
  out.pdf_places_json = PlacesToJson(pdf->places);
  ordered_json report_json = ReportJson(in, unit_name, figures, inconsistencies,
                                        since_version, since_previous);
  ordered_json sha = ordered_json::object();
  for (v1::Format f : {v1::FORMAT_DOCX, v1::FORMAT_HTML, v1::FORMAT_MARKDOWN,
                       v1::FORMAT_PDF, v1::FORMAT_XLSX}) {
    sha[Extension(f)] = Sha256Hex(out.renderings[f]);
  }
  report_json["sha256"] = sha;
  out.renderings[v1::FORMAT_JSON] = report_json.dump(2) + "\n";
  out.figures_json = report_json["figures"].dump();

  v1::Report& m = out.meta;
  m.set_unit_code(in.request.unit_code());
  m.set_period(in.request.period());
  m.set_version(in.version);
  m.set_generated_at(FormatInstant(in.generated_at));
  m.set_generated_by(in.generated_by);
  *m.mutable_request() = in.request;
  m.set_partial(!in.missing.empty());
  for (const std::string& s : in.missing) m.add_missing_services(s);
  for (const std::string& b : ci.empty) m.add_empty_blocks(b);
  m.set_replaces_issued_version(in.replaces_issued_version);
  m.set_state(v1::REPORT_STATE_DRAFT);
  for (v1::Format f : {v1::FORMAT_DOCX, v1::FORMAT_HTML, v1::FORMAT_MARKDOWN,
                       v1::FORMAT_JSON, v1::FORMAT_PDF, v1::FORMAT_XLSX}) {
    v1::Rendering* r = m.add_renderings();
    r->set_format(f);
    r->set_file_name(RenderingFileName(m.unit_code(), m.period(), f));
    r->set_media_type(MediaType(f));
    r->set_size(static_cast<int64_t>(out.renderings[f].size()));
    r->set_sha256(Sha256Hex(out.renderings[f]));
  }
  for (const v1::Inconsistency& i : inconsistencies) {
    *m.add_inconsistencies() = i;
  }
  for (const v1::FigureChange& c : since_version) {
    *m.add_changes_since_previous_version() = c;
  }
  for (const v1::ContributionChange& c : in.contribution_changes) {
    *m.add_contributions_since_previous_version() = c;
  }
  m.set_contributions_as_of(FormatInstant(in.contributions_as_of));
  return out;
}

}  // namespace dtr::report
