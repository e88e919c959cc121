#include "tools/dtctl/command_flags.h"

#include "absl/strings/str_cat.h"

namespace dtr::dtctl {
namespace {

void AddUnitFlag(FlagSet* flags, std::string* unit) {
  flags->AddString("unit", unit, "code of the unit whose subtree is counted",
                   "-");
}

void AddRangeFlags(FlagSet* flags, std::string* from, std::string* to) {
  flags->AddString("from", from, "first day, YYYY-MM-DD", "-");
  flags->AddString("to", to, "last day, YYYY-MM-DD", "-");
}

void AddReportUnitFlags(FlagSet* flags, Options* o, const char* period) {
  flags->AddString("unit", &o->report.unit, "code of the reporting unit", "-");
  flags->AddString("period", &o->report.period, period, "-");
}

void AddOutFlags(FlagSet* flags, Options* o) {
  flags->AddString("out", &o->report.out_dir, "directory to write into", "-");
  flags->AddString("format", &o->report.formats,
                   "renderings to write, of docx, html, md, json, pdf, xlsx",
                   "-");
}

}  // namespace

void AddImportFlags(FlagSet* flags, Options* o) {
  flags->AddBool("skip-invalid", &o->import.skip_invalid,
                 "import the valid rows and list the invalid ones", "-");
  flags->AddBool("validate-only", &o->import.validate_only,
                 "check every row with the service, write nothing", "-");
  flags->AddInt("batch-size", &o->import.batch_size, "rows per message", "-");
  flags->AddString("errors-file", &o->import.errors_file,
                   "write every invalid row to this file (the terminal shows "
                   "the first 20)",
                   "-");
}

void AddSecurityImportFlags(FlagSet* flags, Options* o) {
  AddImportFlags(flags, o);
  flags->AddString("effective", &o->import.effective,
                   "when the rows' state took effect, YYYY-MM-DD or RFC "
                   "3339; empty: now",
                   "-");
  flags->AddString("reason", &o->import.reason,
                   "why, for the history; empty: \"import of FILE\"", "-");
}

void AddIndicatorsFlags(FlagSet* flags, Options* o) {
  AddUnitFlag(flags, &o->indicators.unit);
  AddRangeFlags(flags, &o->indicators.from, &o->indicators.to);
  flags->AddBool("json", &o->indicators.json,
                 "print one JSON object instead of a table", "-");
}

void AddDossierListFlags(FlagSet* flags, Options* o) {
  DossierListFlags& f = o->dossiers;
  AddUnitFlag(flags, &f.unit);
  AddRangeFlags(flags, &f.from, &f.to);
  flags->AddString("figure", &f.figure,
                   "online_submission, full_process_online, digitization, "
                   "on_time, component_digitization or result_reuse",
                   "-");
  flags->AddString("part", &f.part,
                   "numerator, denominator, or rest (the denominator less "
                   "the numerator)",
                   "-");
  flags->AddString("level", &f.level, "only dossiers counted at this level",
                   "-");
  flags->AddString("only-unit", &f.only_unit,
                   "only this unit's own dossiers (a unit of the subtree)",
                   "-");
  flags->AddString("procedure", &f.procedure, "only this procedure code", "-");
  flags->AddString("csv", &f.csv, "write into FILE; empty: standard output",
                   "-");
  flags->AddString("xlsx", &f.xlsx,
                   "write an XLSX into FILE instead (Vietnamese headers)", "-");
  flags->AddInt("page-size", &f.page_size,
                "dossiers a call fetches, at most 10000", "-");
}

void AddPaymentListFlags(FlagSet* flags, Options* o) {
  DossierListFlags& f = o->dossiers;
  AddUnitFlag(flags, &f.unit);
  AddRangeFlags(flags, &f.from, &f.to);
  flags->AddString("status", &f.status, "success or failed; empty: every one",
                   "-");
  flags->AddString("level", &f.level, "only payments counted at this level",
                   "-");
  flags->AddString("only-unit", &f.only_unit,
                   "only this unit's own payments (a unit of the subtree)",
                   "-");
  flags->AddString("csv", &f.csv, "write into FILE; empty: standard output",
                   "-");
  flags->AddString("xlsx", &f.xlsx,
                   "write an XLSX into FILE instead (Vietnamese headers)", "-");
  flags->AddInt("page-size", &f.page_size,
                "payments a call fetches, at most 10000", "-");
}

namespace {

// What every list behind a security or workforce figure takes.
void AddBehindFlags(FlagSet* flags, BehindFlags* f) {
  AddUnitFlag(flags, &f->unit);
  flags->AddString("part", &f->part,
                   "numerator, denominator, or rest (the denominator less "
                   "the numerator)",
                   "-");
  flags->AddString("level", &f->level, "only the records counted at this level",
                   "-");
  flags->AddString("csv", &f->csv, "write into FILE; empty: standard output",
                   "-");
  flags->AddString("xlsx", &f->xlsx,
                   "write an XLSX into FILE instead (Vietnamese headers)", "-");
  flags->AddInt("page-size", &f->page_size,
                "records a call fetches, at most 5000", "-");
}

}  // namespace

void AddSystemsBehindFlags(FlagSet* flags, Options* o) {
  AddBehindFlags(flags, &o->behind);
  flags->AddString("as-of", &o->behind.as_of, "day, YYYY-MM-DD; empty: today",
                   "-");
  flags->AddString("figure", &o->behind.figure,
                   "approved_dossier or soc_monitored", "-");
}

void AddEndpointsBehindFlags(FlagSet* flags, Options* o) {
  AddBehindFlags(flags, &o->behind);
  flags->AddString("as-of", &o->behind.as_of, "day, YYYY-MM-DD; empty: today",
                   "-");
  flags->AddString("kind", &o->behind.kind,
                   "workstation or server; empty: both", "-");
}

void AddStaffBehindFlags(FlagSet* flags, Options* o) {
  AddBehindFlags(flags, &o->behind);
  AddRangeFlags(flags, &o->behind.from, &o->behind.to);
  flags->AddString("figure", &o->behind.figure, "eligible (the default)", "-");
  flags->AddBool("reveal", &o->behind.reveal,
                 "national ids unmasked (the caller needs the role "
                 "pii-reader)",
                 "-");
}

void AddRankFlags(FlagSet* flags, Options* o) {
  RankingFlags& f = o->ranking;
  AddUnitFlag(flags, &f.unit);
  AddRangeFlags(flags, &f.from, &f.to);
  flags->AddString("level", &f.level, "the level of the units ranked", "-");
  flags->AddString("indicator", &f.indicator,
                   "online_submission, full_process_online, digitization, "
                   "on_time, component_digitization or result_reuse",
                   "-");
  flags->AddInt("min-denominator", &f.min_denominator,
                "a denominator below this: listed apart, unranked; 0: 30", "-");
  flags->AddBool("json", &f.json, "print JSON", "-");
  flags->AddString("xlsx", &f.xlsx,
                   "also write the ranking as an XLSX into FILE", "-");
}

void AddTrendFlags(FlagSet* flags, Options* o) {
  RankingFlags& f = o->ranking;
  AddUnitFlag(flags, &f.unit);
  flags->AddString("from", &f.from, "first month, YYYY-MM", "-");
  flags->AddString("to", &f.to, "last month, YYYY-MM", "-");
  flags->AddString("indicator", &f.indicator,
                   "online_submission, full_process_online, digitization, "
                   "on_time, component_digitization or result_reuse",
                   "-");
  flags->AddBool("json", &f.json, "print JSON", "-");
  flags->AddString("xlsx", &f.xlsx,
                   "also write the months as an XLSX into FILE", "-");
}

void AddOutlierFlags(FlagSet* flags, Options* o) {
  RankingFlags& f = o->ranking;
  AddUnitFlag(flags, &f.unit);
  flags->AddString("month", &f.from, "the month looked at, YYYY-MM", "-");
  flags->AddDouble("threshold", &f.threshold,
                   "|modified z-score| above which a month is listed; 0: 3.5",
                   "-");
  flags->AddBool("json", &f.json, "print JSON", "-");
}

void AddUnitsFlags(FlagSet* flags, Options* o) {
  flags->AddString("on", &o->units.on_date, "day, YYYY-MM-DD; empty: today",
                   "-");
  flags->AddString("root", &o->units.root, "only this unit's subtree", "-");
  flags->AddString("level", &o->units.level, "only units of this level", "-");
}

void AddSecurityViewFlags(FlagSet* flags, Options* o) {
  AddUnitFlag(flags, &o->view.unit);
  flags->AddString("as-of", &o->view.as_of, "day, YYYY-MM-DD; empty: today",
                   "-");
  flags->AddBool("json", &o->view.json, "print JSON instead of text", "-");
}

void AddHistoryFlags(FlagSet* flags, Options* o) {
  flags->AddString("system", &o->view.system, "id of the system", "-");
  flags->AddBool("json", &o->view.json, "print JSON instead of text", "-");
}

void AddWorkforceSummaryFlags(FlagSet* flags, Options* o) {
  AddUnitFlag(flags, &o->workforce.unit);
  AddRangeFlags(flags, &o->workforce.from, &o->workforce.to);
  flags->AddBool("json", &o->workforce.json,
                 "print one JSON object instead of a table", "-");
}

void AddEligibilityFlags(FlagSet* flags, Options* o) {
  flags->AddString("staff", &o->workforce.staff, "id of the staff member", "-");
  flags->AddString("month", &o->workforce.month, "month, YYYY-MM", "-");
  flags->AddBool("json", &o->workforce.json, "print JSON instead of text", "-");
}

void AddNarrativePutFlags(FlagSet* flags, Options* o) {
  AddReportUnitFlags(flags, o, "month, YYYY-MM");
  flags->AddString("section", &o->report.section, "section id", "-");
  flags->AddString("file", &o->report.file, "Markdown file of the text", "-");
}

void AddGenerateFlags(FlagSet* flags, Options* o) {
  AddReportUnitFlags(flags, o, "month, YYYY-MM, or previous-month");
  AddOutFlags(flags, o);
  flags->AddBool("allow-partial", &o->report.allow_partial,
                 "make the report even if a service does not answer", "-");
  flags->AddString("payments-through", &o->report.payments_through,
                   "last day of the online-payment figures; empty: the "
                   "month's last day",
                   "-");
  flags->AddString("issue-date", &o->report.issue_date,
                   "date printed on the document; empty: the day left blank",
                   "-");
}

void AddReportListFlags(FlagSet* flags, Options* o) {
  AddReportUnitFlags(flags, o, "month, YYYY-MM");
  flags->AddBool("json", &o->report.json,
                 "print JSON: each version's state, number and signatures",
                 "-");
}

void AddContributionFlags(FlagSet* flags, Options* o) {
  AddReportUnitFlags(flags, o, "month, YYYY-MM");
  flags->AddString("section", &o->report.section, "section id", "-");
  flags->AddString("file", &o->report.file, "Markdown file of the text (put)",
                   "-");
  flags->AddString("reason", &o->report.reason, "why it is returned (return)",
                   "-");
  flags->AddBool("json", &o->report.json, "print JSON", "-");
}

void AddContributionRequestFlags(FlagSet* flags, Options* o) {
  flags->AddString("period", &o->report.period, "month, YYYY-MM", "-");
  flags->AddString("section", &o->report.section,
                   "section id, or several: ID,ID,...", "-");
  flags->AddString("units", &o->report.units, "unit codes: U1,U2,...", "-");
  flags->AddString("subtree", &o->report.subtree,
                   "every unit under this one (instead of --units)", "-");
  flags->AddString("level", &o->report.level,
                   "only the units of this level, e.g. district", "-");
  flags->AddString("deadline", &o->report.deadline,
                   "last day to submit, YYYY-MM-DD (Asia/Ho_Chi_Minh)", "-");
  flags->AddBool("json", &o->report.json, "print JSON", "-");
}

void AddContributionStatusFlags(FlagSet* flags, Options* o) {
  flags->AddString("period", &o->report.period, "month, YYYY-MM", "-");
  flags->AddBool("json", &o->report.json, "print JSON", "-");
}

void AddPeriodCloseFlags(FlagSet* flags, Options* o) {
  AddReportUnitFlags(flags, o, "month, YYYY-MM");
  flags->AddBool("json", &o->report.json, "print JSON", "-");
}

void AddPeriodLocksFlags(FlagSet* flags, Options* o) {
  flags->AddBool("all", &o->report.all, "also the exceptions that have ended",
                 "-");
  flags->AddBool("json", &o->report.json, "print JSON", "-");
}

void AddLockExceptionFlags(FlagSet* flags, Options* o) {
  flags->AddString("unit", &o->report.unit,
                   "the unit whose subtree the exception opens", "-");
  flags->AddString("period", &o->report.period,
                   "the month the changes are dated in, YYYY-MM", "-");
  flags->AddString("kind", &o->report.kind,
                   "contributions, security, staff, absences, courses or "
                   "attendance",
                   "-");
  flags->AddString("until", &o->report.until,
                   "when it ends: YYYY-MM-DD (its start, Asia/Ho_Chi_Minh) or "
                   "RFC 3339; at most 31 days ahead",
                   "-");
  flags->AddString("reason", &o->report.reason, "why it is needed", "-");
  flags->AddBool("json", &o->report.json, "print JSON", "-");
}

void AddReportSignFlags(FlagSet* flags, Options* o) {
  AddReportUnitFlags(flags, o, "month, YYYY-MM");
  flags->AddInt("version", &o->report.version, "version; 0: the latest", "-");
  flags->AddString("cert", &o->report.cert,
                   "the signer's certificate, PEM (its chain may follow)", "-");
  flags->AddString("key", &o->report.key, "the signer's private key, PEM", "-");
  flags->AddString("pkcs11-uri", &o->report.pkcs11_uri,
                   "the signer's key on a token, a PKCS#11 URI, instead of "
                   "--key",
                   "-");
  flags->AddString("sub-filter", &o->report.sub_filter,
                   "ETSI.CAdES.detached (PAdES, the default) or "
                   "adbe.pkcs7.detached",
                   "-");
}

void AddReportIssueFlags(FlagSet* flags, Options* o) {
  AddReportUnitFlags(flags, o, "month, YYYY-MM");
  flags->AddInt("version", &o->report.version, "version; 0: the latest", "-");
}

void AddReportVerifyFlags(FlagSet* flags, Options* o) {
  flags->AddString("trust", &o->report.trust,
                   "PEM CAs the signers' certificates must chain to", "-");
}

void AddReportGetFlags(FlagSet* flags, Options* o) {
  AddReportUnitFlags(flags, o, "month, YYYY-MM");
  AddOutFlags(flags, o);
  flags->AddInt("version", &o->report.version, "version; 0: the latest", "-");
}

void AddAuditFlags(FlagSet* flags, Options* o) {
  flags->AddString("service", &o->audit.service,
                   "whose audit: stats, security, workforce or report", "-");
  flags->AddString("since", &o->audit.since,
                   "events at or after this time, RFC 3339", "-");
  flags->AddBool("json", &o->audit.json, "print JSON", "-");
}

void AddSampleFlags(FlagSet* flags, Options* o) {
  flags->AddString("out", &o->out_dir, "directory to write the files into",
                   "-");
  flags->AddString("fixture", &o->fixture_path,
                   "report fixture (JSON) to reproduce; empty: the built-in "
                   "one",
                   "-");
}

void AddPolicyFlags(FlagSet* flags, Options* o) {
  flags->AddString("units", &o->policy.units,
                   "unit tree (units.csv) the writers' units must be in", "-");
}

void AddRulesFlags(FlagSet* flags, Options* o) {
  flags->AddString("kind", &o->rules.kind,
                   absl::StrCat("which reference data: ", kVersionedKinds),
                   "-");
  flags->AddString("on", &o->rules.on, "day, YYYY-MM-DD; empty: today", "-");
  flags->AddString("unit", &o->rules.unit,
                   "code of the unit whose settings (--kind settings)", "-");
  flags->AddBool("json", &o->rules.json,
                 "print the service's answer as JSON (the API's field names)",
                 "-");
}

void AddClientFlags(FlagSet* flags, Options* options, TlsFiles* tls,
                    std::string* server, const std::string& server_env) {
  flags->AddString("server", server,
                   server_env == "-"
                       ? "address of the service, HOST:PORT; empty: the "
                         "--service's variable ($DTR_<SERVICE>_ADDR), then "
                         "its default port"
                       : "address of the service, HOST:PORT",
                   server_env);
  flags->AddDouble("timeout", &options->timeout,
                   "seconds the call may take; 0: 3600 for imports, 30 "
                   "otherwise",
                   "-");
  flags->AddString("tls-ca", &tls->ca,
                   "PEM CA of the service's certificate: call over TLS; "
                   "empty: plain text");
  flags->AddString("tls-cert", &tls->cert,
                   "PEM client certificate, for mutual TLS");
  flags->AddString("tls-key", &tls->key, "PEM key of it");
}

}  // namespace dtr::dtctl
