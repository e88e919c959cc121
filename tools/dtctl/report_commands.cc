#include "tools/dtctl/report_commands.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "nlohmann/json.hpp"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"

namespace dtr::dtctl {
namespace {

namespace rv1 = report::v1;

int Bad(const std::string& message) {
  std::fprintf(stderr, "dtctl: %s\n", message.c_str());
  return 2;
}

// Parses a JSON file into `message`; prints why not.
template <typename Message>
bool FromJsonFile(const std::string& path, Message* message) {
  std::string text;
  if (!ReadFile(path, &text)) {
    std::fprintf(stderr, "dtctl: cannot read %s\n", path.c_str());
    return false;
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status =
      google::protobuf::util::JsonStringToMessage(text, message, options);
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(),
                 std::string(status.message()).c_str());
    return false;
  }
  return true;
}

bool ParseFormats(const std::string& list, std::vector<rv1::Format>* out) {
  for (absl::string_view word : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    if (word == "docx") {
      out->push_back(rv1::FORMAT_DOCX);
    } else if (word == "html") {
      out->push_back(rv1::FORMAT_HTML);
    } else if (word == "md" || word == "markdown") {
      out->push_back(rv1::FORMAT_MARKDOWN);
    } else if (word == "json") {
      out->push_back(rv1::FORMAT_JSON);
    } else if (word == "pdf") {
      out->push_back(rv1::FORMAT_PDF);
    } else if (word == "xlsx") {
      out->push_back(rv1::FORMAT_XLSX);
    } else {
      return false;
    }
  }
  return !out->empty();
}

bool MakeDir(const std::string& dir) {
  std::string path;
  for (absl::string_view part : absl::StrSplit(dir, '/')) {
    path += std::string(part) + "/";
    if (part.empty()) continue;
    if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

// One version as `report list --json` prints it.
nlohmann::json VersionJson(const rv1::Report& r) {
  nlohmann::json signatures = nlohmann::json::array();
  for (const rv1::DocumentSignature& s : r.signatures()) {
    signatures.push_back({{"role", s.role()},
                          {"subject", s.subject()},
                          {"signed_at", s.signed_at()},
                          {"sub_filter", s.sub_filter()}});
  }
  nlohmann::json files = nlohmann::json::array();
  for (const rv1::Rendering& f : r.renderings()) {
    files.push_back(
        {{"name", f.file_name()}, {"size", f.size()}, {"sha256", f.sha256()}});
  }
  return {{"unit_code", r.unit_code()},
          {"period", r.period()},
          {"version", r.version()},
          {"state", StateWord(r.state())},
          {"document_number", r.document_number()},
          {"issued_at", r.issued_at()},
          {"generated_at", r.generated_at()},
          {"replaces_issued_version", r.replaces_issued_version()},
          {"signatures", signatures},
          {"files", files}};
}

// Downloads the renderings of one version into the directory.
int Download(ReportStub* stub, const ReportFlags& flags,
             const rv1::Report& report,
             const std::vector<rv1::Format>& formats) {
  if (!MakeDir(flags.out_dir)) {
    std::fprintf(stderr, "dtctl: cannot create %s: %s\n", flags.out_dir.c_str(),
                 std::strerror(errno));
    return 1;
  }
  int written = 0;
  for (rv1::Format format : formats) {
    // A version archived before a format existed does not have it.
    bool archived = false;
    for (const rv1::Rendering& r : report.renderings()) {
      archived = archived || r.format() == format;
    }
    if (!archived) {
      std::fprintf(
          stderr, "dtctl: version %d has no %s rendering\n", report.version(),
          absl::AsciiStrToLower(rv1::Format_Name(format).substr(7)).c_str());
      continue;
    }
    ++written;
    rv1::DownloadRenderingRequest request;
    request.set_unit_code(report.unit_code());
    request.set_period(report.period());
    request.set_version(report.version());
    request.set_format(format);
    grpc::ClientContext context;
    SetDeadline(&context, flags.timeout_seconds);
    auto reader = stub->DownloadRendering(&context, request);
    rv1::RenderingChunk chunk;
    std::string bytes;
    rv1::Rendering rendering;
    while (reader->Read(&chunk)) {
      if (chunk.has_rendering()) rendering = chunk.rendering();
      bytes += chunk.data();
    }
    grpc::Status status = reader->Finish();
    if (!status.ok()) return CallFailed("report download", status);
    const std::string path = flags.out_dir + "/" + rendering.file_name();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) {
      std::fprintf(stderr, "dtctl: cannot write %s\n", path.c_str());
      return 1;
    }
    std::printf("%s: %zu bytes, sha256 %s\n", path.c_str(), bytes.size(),
                rendering.sha256().c_str());
  }
  return written > 0 ? 0 : 1;
}

// A block of figures as the empty-block lines name it, and the import that
// fills it.
struct BlockHelp {
  const char* block;
  const char* description;
  const char* import;
};
constexpr BlockHelp kBlockHelp[] = {
    {"stats", "public-service dossiers, year to date", "dtctl dossiers import"},
    {"stats_month", "public-service dossiers of the month",
     "dtctl dossiers import"},
    {"payments", "online payments", "dtctl payments import"},
    {"security", "information security", "dtctl security systems import"},
    {"workforce", "digital-transformation workforce",
     "dtctl workforce staff import"},
};

const BlockHelp* HelpFor(const std::string& block) {
  for (const BlockHelp& h : kBlockHelp) {
    if (block == h.block) return &h;
  }
  return nullptr;
}

// "dtctl dossiers import, dtctl payments import": each once.
std::string ImportsFor(const rv1::Report& r) {
  std::vector<std::string> imports;
  for (const std::string& b : r.empty_blocks()) {
    const BlockHelp* h = HelpFor(b);
    if (h != nullptr &&
        std::find(imports.begin(), imports.end(), h->import) == imports.end()) {
      imports.push_back(h->import);
    }
  }
  return absl::StrJoin(imports, ", ");
}

void Describe(const rv1::Report& r) {
  std::printf("%s %s version %d, generated %s%s\n", r.unit_code().c_str(),
              r.period().c_str(), r.version(), r.generated_at().c_str(),
              r.partial() ? " (PARTIAL: some services did not answer)" : "");
  if (r.state() != rv1::REPORT_STATE_DRAFT &&
      r.state() != rv1::REPORT_STATE_UNSPECIFIED) {
    std::printf("  %s%s%s\n", StateWord(r.state()),
                r.document_number().empty() ? "" : " as số ",
                r.document_number().c_str());
  }
  for (const rv1::DocumentSignature& s : r.signatures()) {
    std::printf("  signed (%s) by %s at %s\n", s.role().c_str(),
                s.subject().c_str(), s.signed_at().c_str());
  }
  if (r.replaces_issued_version() > 0) {
    std::printf("  would replace issued version %d\n",
                r.replaces_issued_version());
  }
  for (const std::string& s : r.missing_services()) {
    std::printf("  missing: %s\n", s.c_str());
  }
  for (const std::string& b : r.empty_blocks()) {
    const BlockHelp* h = HelpFor(b);
    std::printf("  no records: %s (%s)\n", b.c_str(), h ? h->description : "");
  }
  for (const rv1::Inconsistency& i : r.inconsistencies()) {
    std::printf("  check %s %s: %s\n", i.check().c_str(), i.figure().c_str(),
                i.detail().c_str());
  }
  for (const rv1::FigureChange& c : r.changes_since_previous_version()) {
    std::printf("  changed since version %d: %s %s -> %s\n", r.version() - 1,
                c.figure().c_str(), c.before().c_str(), c.after().c_str());
  }
  for (const rv1::ContributionChange& c :
       r.contributions_since_previous_version()) {
    std::printf("  contribution accepted%s: %s %s\n",
                r.version() > 1
                    ? absl::StrCat(" since version ", r.version() - 1).c_str()
                    : "",
                c.unit_code().c_str(), c.section().c_str());
  }
}

}  // namespace

bool ReadFile(const std::string& path, std::string* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream s;
  s << in.rdbuf();
  *bytes = s.str();
  return true;
}

const char* StateWord(rv1::ReportState state) {
  switch (state) {
    case rv1::REPORT_STATE_SIGNED:
      return "signed";
    case rv1::REPORT_STATE_ISSUED:
      return "issued";
    default:
      return "draft";
  }
}

int PutNarrative(ReportStub* stub, const ReportFlags& flags) {
  rv1::PutNarrativeRequest request;
  rv1::Narrative* n = request.mutable_narrative();
  n->set_unit_code(flags.unit);
  n->set_period(flags.period);
  n->set_section(flags.section);
  if (!ReadFile(flags.file, n->mutable_text())) {
    return Bad("cannot read " + flags.file);
  }
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::Narrative out;
  grpc::Status status = stub->PutNarrative(&context, request, &out);
  if (!status.ok()) return CallFailed("narrative put", status);
  std::printf("%s %s %s: %zu bytes written\n", out.unit_code().c_str(),
              out.period().c_str(), out.section().c_str(), out.text().size());
  return 0;
}

int ImportNarratives(ReportStub* stub, const ReportFlags& flags) {
  rv1::ImportNarrativesRequest request;
  if (!FromJsonFile(flags.file, &request)) return 1;
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::ImportNarrativesResponse out;
  grpc::Status status = stub->ImportNarratives(&context, request, &out);
  if (!status.ok()) return CallFailed("narrative import", status);
  std::printf("%s: %d sections, %d published figures of %s %s\n",
              flags.file.c_str(), out.sections(), out.published(),
              request.unit_code().c_str(), request.period().c_str());
  return 0;
}

int PutReportSettings(ReportStub* stub, const ReportFlags& flags) {
  rv1::PutSettingsRequest request;
  if (!FromJsonFile(flags.file, request.mutable_settings())) return 1;
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::ReportSettings out;
  grpc::Status status = stub->PutSettings(&context, request, &out);
  if (!status.ok()) return CallFailed("report settings put", status);
  std::printf("settings of %s written\n", out.unit_code().c_str());
  return 0;
}

int GenerateReport(ReportStub* stub, const ReportFlags& flags) {
  std::vector<rv1::Format> formats;
  if (!ParseFormats(flags.formats, &formats)) {
    return Bad("--format: expected a list of docx, html, md, json, pdf, xlsx");
  }
  rv1::GenerateReportRequest request;
  request.set_unit_code(flags.unit);
  request.set_period(flags.period);
  request.set_allow_partial(flags.allow_partial);
  request.set_payments_through(flags.payments_through);
  request.set_issue_date(flags.issue_date);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::Report report;
  grpc::Status status = stub->GenerateReport(&context, request, &report);
  if (!status.ok()) return CallFailed("report generate", status);
  Describe(report);
  if (report.empty_blocks_size() > 0) {
    std::fprintf(stderr,
                 "dtctl: warning: %s %s has no records of %s; the report says "
                 "so where those figures would be. Import them (%s) and "
                 "generate again, or check --period\n",
                 report.unit_code().c_str(), report.period().c_str(),
                 absl::StrJoin(report.empty_blocks(), ", ").c_str(),
                 ImportsFor(report).c_str());
  }
  return Download(stub, flags, report, formats);
}

int ListReports(ReportStub* stub, const ReportFlags& flags) {
  rv1::ListReportsRequest request;
  request.set_unit_code(flags.unit);
  request.set_period(flags.period);
  int listed = 0;
  nlohmann::json versions = nlohmann::json::array();
  do {
    grpc::ClientContext context;
    SetDeadline(&context, flags.timeout_seconds);
    rv1::ListReportsResponse page;
    grpc::Status status = stub->ListReports(&context, request, &page);
    if (!status.ok()) return CallFailed("report list", status);
    for (const rv1::Report& r : page.reports()) {
      ++listed;
      if (flags.json) {
        versions.push_back(VersionJson(r));
        continue;
      }
      std::printf("%-8s %-7s v%-3d %-6s %s%s%s  %d inconsistenc%s%s%s\n",
                  r.unit_code().c_str(), r.period().c_str(), r.version(),
                  StateWord(r.state()), r.generated_at().c_str(),
                  r.document_number().empty()
                      ? ""
                      : ("  số " + r.document_number()).c_str(),
                  r.partial() ? "  PARTIAL" : "", r.inconsistencies_size(),
                  r.inconsistencies_size() == 1 ? "y" : "ies",
                  r.empty_blocks_size() > 0 ? "  no records: " : "",
                  absl::StrJoin(r.empty_blocks(), ",").c_str());
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  if (flags.json) std::printf("%s\n", versions.dump(2).c_str());
  if (listed == 0) {
    std::fprintf(stderr,
                 "dtctl: report list: no report of %s%s has been generated "
                 "(dtctl report generate makes one)\n",
                 flags.unit.c_str(),
                 flags.period.empty() ? "" : (" for " + flags.period).c_str());
  }
  return 0;
}

int GetReport(ReportStub* stub, const ReportFlags& flags) {
  std::vector<rv1::Format> formats;
  if (!ParseFormats(flags.formats, &formats)) {
    return Bad("--format: expected a list of docx, html, md, json, pdf, xlsx");
  }
  rv1::GetReportRequest request;
  request.set_unit_code(flags.unit);
  request.set_period(flags.period);
  request.set_version(static_cast<int32_t>(flags.version));
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::Report report;
  grpc::Status status = stub->GetReport(&context, request, &report);
  if (!status.ok()) return CallFailed("report get", status);
  Describe(report);
  return Download(stub, flags, report, formats);
}

}  // namespace dtr::dtctl
