#include "services/report/document_issuing.h"

#include <openssl/rand.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/cms_signature.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "common/log.h"
#include "common/pdf_signing.h"
#include "services/report/decree30_layout.h"
#include "services/report/document_stamps.h"
#include "services/report/pdf_places.h"
#include "services/report/report_requests.h"

namespace dtr::report {
namespace {

constexpr char kNumberField[] = "so_ky_hieu";
constexpr char kDateField[] = "ngay_ban_hanh";
constexpr char kSignerField[] = "chu_ky_nguoi_co_tham_quyen";
constexpr char kAgencyField[] = "chu_ky_co_quan";
constexpr absl::Duration kPreparedFor = absl::Hours(1);

absl::StatusOr<std::string> RandomId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    return absl::InternalError("no random bytes for a signing id: " +
                               OpenSslError());
  }
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char*>(bytes), sizeof(bytes)));
}

// Signatures claim whole seconds, as /M writes them.
absl::Time NowToTheSecond() {
  return absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
}

// The number and date fields over their lines: empty when a signer signs
// (the lines still show their blanks), filled when the version is issued.
absl::StatusOr<std::vector<PdfTextFieldFill>> LineFields(
    const PdfPlaces& places, const std::string& number_line,
    const std::string& date_line) {
  std::vector<PdfTextFieldFill> fields(2);
  fields[0].name = kNumberField;
  fields[0].place = places.number;
  fields[1].name = kDateField;
  fields[1].place = places.date;
  if (number_line.empty()) return fields;
  fields[0].value = number_line;
  auto number = LineStamp(places.number.width, places.number.height,
                          number_line, HalfPointsToPoints(kHeaderSize), false);
  if (!number.ok()) return number.status();
  fields[0].appearance_pdf = std::move(*number);
  fields[1].value = date_line;
  auto date = LineStamp(places.date.width, places.date.height, date_line,
                        HalfPointsToPoints(kBodySize), true);
  if (!date.ok()) return date.status();
  fields[1].appearance_pdf = std::move(*date);
  return fields;
}

// The agency's seal over the left third of the signer's signature image
// (centred in the signature place, 60% of its width), with room at its
// right for the agency's name and the time.
PdfPlace AgencyPlace(const PdfPlace& signature) {
  const double seal = signature.height * 1.1;
  const double image_left = signature.x + signature.width * 0.2;
  const double image_width = signature.width * 0.6;
  PdfPlace p;
  p.page = signature.page;
  p.x = image_left + image_width / 6 - seal / 2;
  p.y = signature.y - (seal - signature.height) / 2;
  p.width = seal + image_width * 0.9;
  p.height = seal;
  return p;
}

// The last day of an archived version's period ("2023-10"): the settings
// it is signed and issued under are those it was made with, in force then.
absl::CivilDay LastDayOf(const std::string& period) {
  auto month = ParsePeriod(period, Today());
  return month.ok() ? absl::CivilDay(*month + 1) - 1 : Today();
}

}  // namespace

std::string IssuedDateLine(const std::string& place, absl::CivilDay day) {
  return absl::StrFormat("%s, ngày %02d tháng %s năm %d", place, day.day(),
                         day.month() <= 2 ? absl::StrFormat("%02d", day.month())
                                          : absl::StrCat(day.month()),
                         day.year());
}

absl::StatusOr<ArchivedReport> DocumentIssuing::Load(const std::string& unit,
                                                     const std::string& period,
                                                     int version) const {
  if (absl::Status s = CheckUnitCode("unit_code", unit); !s.ok()) return s;
  auto checked = CheckStoredPeriod("period", period);
  if (!checked.ok()) return checked.status();
  if (version < 0) return Invalid("version", "must be 0 or more");
  auto report = d_.store->GetReport(unit, *checked, version);
  if (!report.ok()) return report.status();
  if (!report->has_value()) {
    return absl::NotFoundError(
        version > 0 ? absl::StrCat("no version ", version, " of the report of ",
                                   unit, " for ", *checked)
                    : absl::StrCat("no report of ", unit, " for ", *checked));
  }
  return std::move(**report);
}

absl::StatusOr<v1::PrepareSignatureResponse> DocumentIssuing::Prepare(
    const v1::PrepareSignatureRequest& r, const std::string& caller) const {
  std::string sub_filter =
      r.sub_filter().empty() ? kSubFilterCades : r.sub_filter();
  if (sub_filter != kSubFilterCades && sub_filter != kSubFilterPkcs7) {
    return Invalid("sub_filter", absl::StrCat("expected ", kSubFilterCades,
                                              " or ", kSubFilterPkcs7));
  }
  if (d_.signing->trust_anchors.empty()) {
    return absl::FailedPreconditionError(
        "the service has no --trust-anchors: it cannot take a signer's "
        "signature");
  }
  if (r.certificate_pem().empty()) {
    return Invalid("certificate_pem", "the signer's certificate is required");
  }
  auto chain = ParseCertificates(r.certificate_pem(), "certificate_pem");
  if (!chain.ok()) return chain.status();
  auto report = Load(r.unit_code(), r.period(), r.version());
  if (!report.ok()) return report.status();
  const v1::Report& meta = report->meta;
  if (meta.state() != v1::REPORT_STATE_DRAFT) {
    return absl::FailedPreconditionError(
        absl::StrCat("version ", meta.version(), " of ", meta.unit_code(), " ",
                     meta.period(), " is ", StateInWords(meta.state()),
                     ": only a draft is signed"));
  }
  auto pdf = d_.store->GetRendering(meta.unit_code(), meta.period(),
                                    meta.version(), v1::FORMAT_PDF);
  if (!pdf.ok()) return pdf.status();
  auto places_json =
      d_.life->PdfPlaces(meta.unit_code(), meta.period(), meta.version());
  if (!places_json.ok()) return places_json.status();
  if (!pdf->has_value() || !places_json->has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "version ", meta.version(),
        " was made before reports had a PDF; generate the period again"));
  }
  auto places = PlacesFromJson(**places_json);
  if (!places.ok()) return places.status();
  auto settings =
      d_.settings->InForce(meta.unit_code(), LastDayOf(meta.period()));
  if (!settings.ok()) return settings.status();
  const v1::ReportSettings s = settings->value_or(v1::ReportSettings());

  const absl::Time now = NowToTheSecond();
  const std::string signer_name = CommonName((*chain)[0].get());
  auto stamp = SignerStamp(places->signature.width, places->signature.height,
                           s.signature_image(), signer_name);
  if (!stamp.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("settings.signature_image: ", stamp.status().message(),
                     "; put the settings again with a PNG"));
  }
  auto fields = LineFields(*places, "", "");
  if (!fields.ok()) return fields.status();
  PdfSignatureSpec spec;
  spec.field = kSignerField;
  spec.sub_filter = sub_filter;
  spec.time = now;
  spec.name = signer_name;
  spec.reason = "Ký duyệt báo cáo";
  spec.location = s.place();
  spec.place = places->signature;
  spec.appearance_pdf = std::move(*stamp);
  auto prepared = PrepareSignature(**pdf, *fields, spec);
  if (!prepared.ok()) return prepared.status();
  auto ranges = SignedRanges(*prepared);
  if (!ranges.ok()) return ranges.status();

  PendingSignature pending;
  auto id = RandomId();
  if (!id.ok()) return id.status();
  pending.signing_id = std::move(*id);
  pending.unit_code = meta.unit_code();
  pending.period = meta.period();
  pending.version = meta.version();
  pending.expires = now + kPreparedFor;
  pending.signature.set_role("signer");
  pending.signature.set_signed_at(FormatInstant(now));
  pending.signature.set_sub_filter(sub_filter);
  pending.signature.set_recorded_by(caller);
  pending.signature.set_certificate_sha256(
      CertificateSha256((*chain)[0].get()));
  pending.prepared = std::move(*prepared);
  if (absl::Status st = d_.life->PutPending(pending); !st.ok()) return st;
  LogInfo("signature prepared", {{"unit", meta.unit_code()},
                                 {"period", meta.period()},
                                 {"version", meta.version()},
                                 {"signer", signer_name}});

  v1::PrepareSignatureResponse out;
  out.set_signing_id(pending.signing_id);
  out.set_digest(Sha256(*ranges));
  out.set_signing_time(FormatInstant(now));
  out.set_sub_filter(sub_filter);
  out.set_version(meta.version());
  return out;
}

absl::StatusOr<v1::Report> DocumentIssuing::Complete(
    const v1::CompleteSignatureRequest& r, const std::string& caller) const {
  (void)caller;  // the preparation recorded who asked
  if (r.signing_id().empty()) {
    return Invalid("signing_id", "required (from PrepareSignature)");
  }
  if (r.cms().empty()) return Invalid("cms", "required (DER)");
  const absl::Time now = NowToTheSecond();
  auto pending = d_.life->GetPending(r.signing_id(), now);
  if (!pending.ok()) return pending.status();
  if (pending->unit_code != r.unit_code()) {
    return Invalid("unit_code",
                   absl::StrCat("the signature ", r.signing_id(),
                                " was prepared for ", pending->unit_code));
  }
  if (pending->period != r.period()) {
    return Invalid("period",
                   absl::StrCat("the signature ", r.signing_id(),
                                " was prepared for ", pending->period));
  }
  auto ranges = SignedRanges(pending->prepared);
  if (!ranges.ok()) return ranges.status();
  auto signer = CheckCmsSignature(r.cms(), *ranges);
  if (!signer.ok()) return Invalid("cms", signer.status().message());
  // The certificate the signature was prepared for, whose holder its
  // appearance names: another one's signature is not taken in its place.
  if (signer->certificate_sha256 != pending->signature.certificate_sha256()) {
    return Invalid(
        "cms", absl::StrCat("signed with the certificate of ", signer->subject,
                            ", not the one the signature was "
                            "prepared for"));
  }
  if (pending->signature.sub_filter() == kSubFilterCades &&
      (!signer->cades || signer->signing_time)) {
    return Invalid("cms",
                   "a PAdES signature (ETSI.CAdES.detached) carries "
                   "signing-certificate-v2 and no signing-time attribute; "
                   "prepare with sub_filter adbe.pkcs7.detached for a "
                   "plain PKCS#7 signature");
  }
  if (d_.signing->trust_anchors.empty()) {
    return absl::FailedPreconditionError(
        "the service has no --trust-anchors: it cannot check a signer's "
        "certificate");
  }
  if (absl::Status s =
          CheckSignerCertificate(r.cms(), d_.signing->trust_anchors, now);
      !s.ok()) {
    return s;
  }
  auto signed_pdf = EmbedSignature(pending->prepared, r.cms());
  if (!signed_pdf.ok()) return signed_pdf.status();
  v1::DocumentSignature signature = pending->signature;
  signature.set_subject(signer->subject);
  if (absl::Status s =
          d_.life->RecordSigned(*pending, signature, *signed_pdf, now);
      !s.ok()) {
    return s;
  }
  LogInfo("report signed", {{"unit", pending->unit_code},
                            {"period", pending->period},
                            {"version", pending->version},
                            {"signer", signer->subject}});
  auto report = Load(pending->unit_code, pending->period, pending->version);
  if (!report.ok()) return report.status();
  return report->meta;
}

absl::StatusOr<v1::Report> DocumentIssuing::Issue(
    const v1::IssueReportRequest& r, const std::string& caller) const {
  auto report = Load(r.unit_code(), r.period(), r.version());
  if (!report.ok()) return report.status();
  const v1::Report& meta = report->meta;
  if (!d_.signing->agency) {
    return absl::FailedPreconditionError(
        "the service has no agency key: start it with --agency-cert and "
        "--agency-key or --agency-pkcs11-uri");
  }
  auto settings =
      d_.settings->InForce(meta.unit_code(), LastDayOf(meta.period()));
  if (!settings.ok()) return settings.status();
  if (!settings->has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no report settings for ", meta.unit_code(),
        ": the issuer, its document symbol and place are needed to issue"));
  }
  const v1::ReportSettings& s = **settings;
  auto places_json =
      d_.life->PdfPlaces(meta.unit_code(), meta.period(), meta.version());
  if (!places_json.ok()) return places_json.status();
  if (!places_json->has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "version ", meta.version(),
        " was made before reports had a PDF; generate the period again"));
  }
  auto places = PlacesFromJson(**places_json);
  if (!places.ok()) return places.status();
  const absl::Time now = NowToTheSecond();
  const absl::CivilDay today = absl::ToCivilDay(now, ReportTimeZone());
  const SigningIdentity& agency = *d_.signing->agency;
  // An immutable document with an invalid agency signature would take a
  // number for nothing.
  if (absl::Status usable = CheckOwnCertificate(agency.chain[0].get(), now);
      !usable.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the agency's ", usable.message()));
  }
  auto make = [&](const std::string& number,
                  const std::string& base) -> absl::StatusOr<IssuedDocument> {
    auto fields =
        LineFields(*places, "Số: " + number, IssuedDateLine(s.place(), today));
    if (!fields.ok()) return fields.status();
    const PdfPlace place = AgencyPlace(places->signature);
    auto stamp =
        AgencyStamp(place.width, place.height, s.seal_image(), s.issuer(), now);
    if (!stamp.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("settings.seal_image: ", stamp.status().message(),
                       "; put the settings again with a PNG"));
    }
    PdfSignatureSpec spec;
    spec.field = kAgencyField;
    spec.time = now;
    spec.name = s.issuer();
    spec.reason = "Ban hành văn bản số " + number;
    spec.location = s.place();
    spec.place = place;
    spec.appearance_pdf = std::move(*stamp);
    auto prepared = PrepareSignature(base, *fields, spec);
    if (!prepared.ok()) return prepared.status();
    auto ranges = SignedRanges(*prepared);
    if (!ranges.ok()) return ranges.status();
    auto cms = SignDigest(Sha256(*ranges), agency);
    if (!cms.ok()) return cms.status();
    auto issued = EmbedSignature(*prepared, *cms);
    if (!issued.ok()) return issued.status();
    IssuedDocument out;
    out.pdf = std::move(*issued);
    out.signature.set_role("agency");
    out.signature.set_subject(SubjectLine(agency.chain[0].get()));
    out.signature.set_signed_at(FormatInstant(now));
    out.signature.set_sub_filter(kSubFilterCades);
    out.signature.set_recorded_by(caller);
    return out;
  };
  auto number =
      d_.life->Issue(meta.unit_code(), meta.period(), meta.version(),
                     s.document_symbol(), static_cast<int>(today.year()),
                     s.issue_without_personal_signature(), now, make);
  if (!number.ok()) return number.status();
  LogInfo("report issued", {{"unit", meta.unit_code()},
                            {"period", meta.period()},
                            {"version", meta.version()},
                            {"number", *number}});
  auto issued = Load(meta.unit_code(), meta.period(), meta.version());
  if (!issued.ok()) return issued.status();
  return issued->meta;
}

}  // namespace dtr::report
