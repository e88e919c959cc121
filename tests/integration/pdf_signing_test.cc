// PDF signatures end to end, checked by a verifier that is not ours
// (poppler's pdfsig): a signature prepared, signed from the digest alone
// with a key file and embedded is valid and PAdES-shaped; a second one
// added as an incremental update leaves the first valid and covers the
// whole file; one changed byte is caught by both pdfsig and us; a CMS over
// other bytes and a certificate from another CA are refused.
#include "common/pdf_signing.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/cms_signature.h"
#include "common/signing_key.h"
#include "gtest/gtest.h"
#include "tests/integration/test_processes.h"

namespace dtr {
namespace {

using testing::CommandResult;
using testing::MakeTempDir;
using testing::RunCommand;

cairo_status_t Append(void* closure, const unsigned char* data,
                      unsigned int length) {
  static_cast<std::string*>(closure)->append(
      reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A one-page A4 PDF, or a `width` × `height` one (an appearance).
std::string OnePagePdf(double width = 595, double height = 842) {
  std::string bytes;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(Append, &bytes, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0, 0, 0.6);
  cairo_rectangle(cr, 2, 2, width - 4, height - 4);
  cairo_stroke(cr);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return bytes;
}

std::string WriteTemp(const std::string& dir, const std::string& name,
                      const std::string& bytes) {
  const std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

class PdfSigningTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    const std::string certs =
        std::string(DTR_SOURCE_DIR) + "/tools/make-certs.sh";
    for (const std::vector<std::string>& argv :
         std::vector<std::vector<std::string>>{
             {"sh", certs, *dir_, "ca", "ca"},
             {"sh", certs, *dir_, "ca", "other-ca"},
             {"sh", certs, *dir_, "signer", "signer", "ca", "Dương Văn Tuấn",
              "Sở Thông tin và Truyền thông"},
             {"sh", certs, *dir_, "signer", "stranger", "other-ca",
              "Người Lạ"}}) {
      ASSERT_EQ(RunCommand(argv).exit_code, 0) << argv[3] << " " << argv[4];
    }
  }

  static SigningIdentity Identity(const std::string& name) {
    auto id = LoadSigningIdentity(*dir_ + "/" + name + ".pem",
                                  *dir_ + "/" + name + ".key", "");
    EXPECT_TRUE(id.ok()) << id.status();
    return std::move(*id);
  }

  static PdfSignatureSpec Spec(const std::string& field, double y) {
    PdfSignatureSpec spec;
    spec.field = field;
    spec.time = absl::FromUnixSeconds(1698717600);
    spec.name = "Dương Văn Tuấn";
    spec.reason = "Ký ban hành";
    spec.location = "Hà Tĩnh";
    spec.place = {0, 300, y, 180, 60};
    spec.appearance_pdf = OnePagePdf(180, 60);
    return spec;
  }

  // Prepared, signed from the digest of its ranges, embedded.
  static std::string Sign(const std::string& pdf, const PdfSignatureSpec& spec,
                          const SigningIdentity& who) {
    auto prepared = PrepareSignature(pdf, {}, spec);
    EXPECT_TRUE(prepared.ok()) << prepared.status();
    auto ranges = SignedRanges(*prepared);
    EXPECT_TRUE(ranges.ok()) << ranges.status();
    auto cms = SignDigest(Sha256(*ranges), who);
    EXPECT_TRUE(cms.ok()) << cms.status();
    auto signed_pdf = EmbedSignature(*prepared, *cms);
    EXPECT_TRUE(signed_pdf.ok()) << signed_pdf.status();
    return *signed_pdf;
  }

  static std::string PdfSig(const std::string& pdf) {
    const std::string path = WriteTemp(*dir_, "checked.pdf", pdf);
    CommandResult r = RunCommand({"pdfsig", path});
    return r.out + r.err;
  }

  static std::string* dir_;
};
std::string* PdfSigningTest::dir_ = nullptr;

TEST_F(PdfSigningTest, ASignatureFromTheDigestAloneIsValidForPdfsig) {
  const std::string pdf =
      Sign(OnePagePdf(), Spec("NguoiKy", 500), Identity("signer"));
  const std::string verdict = PdfSig(pdf);
  EXPECT_TRUE(absl::StrContains(verdict, "Signature is Valid")) << verdict;
  EXPECT_TRUE(absl::StrContains(verdict, "ETSI.CAdES.detached")) << verdict;
  EXPECT_TRUE(absl::StrContains(verdict, "Total document signed")) << verdict;

  auto found = ReadPdfSignatures(pdf);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_TRUE((*found)[0].whole_document);
  EXPECT_EQ((*found)[0].sub_filter, "ETSI.CAdES.detached");
  EXPECT_EQ((*found)[0].time, "D:20231031090000+07'00'");
  auto signer = CheckCmsSignature((*found)[0].cms, (*found)[0].signed_bytes);
  ASSERT_TRUE(signer.ok()) << signer.status();
  EXPECT_EQ(signer->common_name, "Dương Văn Tuấn");
  EXPECT_TRUE(signer->cades);          // signing-certificate-v2
  EXPECT_FALSE(signer->signing_time);  // PAdES: the time is /M
  auto anchors = ReadCertificates(*dir_ + "/ca.crt");
  ASSERT_TRUE(anchors.ok());
  EXPECT_TRUE(
      CheckSignerCertificate((*found)[0].cms, *anchors, absl::Now()).ok());
}

TEST_F(PdfSigningTest, ASecondSignatureLeavesTheFirstValid) {
  const std::string once =
      Sign(OnePagePdf(), Spec("NguoiKy", 500), Identity("signer"));
  const std::string twice = Sign(once, Spec("CoQuan", 600), Identity("signer"));
  ASSERT_EQ(twice.compare(0, once.size(), once), 0);  // an update, appended
  const std::string verdict = PdfSig(twice);
  EXPECT_TRUE(absl::StrContains(verdict, "Signature #2")) << verdict;
  EXPECT_FALSE(absl::StrContains(verdict, "Signature is Invalid")) << verdict;
  EXPECT_FALSE(absl::StrContains(verdict, "Digest Mismatch")) << verdict;
  // Poppler reads every object of both updates without complaint (each
  // update's new objects take numbers of their own).
  const std::string path = WriteTemp(*dir_, "twice.pdf", twice);
  CommandResult text = RunCommand({"pdftotext", path, "-"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_EQ(text.err, "");
  auto found = ReadPdfSignatures(twice);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_FALSE((*found)[0].whole_document);
  EXPECT_TRUE((*found)[1].whole_document);
  for (const PdfSignatureEntry& e : *found) {
    EXPECT_TRUE(CheckCmsSignature(e.cms, e.signed_bytes).ok());
  }
}

TEST_F(PdfSigningTest, OneChangedByteIsCaught) {
  std::string pdf =
      Sign(OnePagePdf(), Spec("NguoiKy", 500), Identity("signer"));
  const size_t at = pdf.find("/MediaBox");
  ASSERT_NE(at, std::string::npos);
  pdf[at + 1] = 'm';
  const std::string verdict = PdfSig(pdf);
  EXPECT_FALSE(absl::StrContains(verdict, "Signature is Valid")) << verdict;
  auto found = ReadPdfSignatures(pdf);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  auto checked = CheckCmsSignature((*found)[0].cms, (*found)[0].signed_bytes);
  EXPECT_EQ(checked.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(PdfSigningTest, ACraftedByteRangeIsRefusedNotBelieved) {
  const std::string pdf =
      Sign(OnePagePdf(), Spec("NguoiKy", 500), Identity("signer"));
  auto found = ReadPdfSignatures(pdf);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  const PdfSignatureEntry& real = (*found)[0];
  // Unsigned bytes appended, then a byte range that reuses the real
  // signature over exactly the bytes it signed by spanning the appended
  // ones from the real /Contents: it would claim the whole file. Refused.
  const std::string tail = pdf.substr(real.range[2]);
  const std::string head =
      absl::StrCat("\n% unsigned text\n/ByteRange [0 ", real.range[1], " ");
  const std::string rest = absl::StrCat(" ", tail.size(), "] >");
  // The second range starts after this text; its offset has a fixed
  // width, so the text's length is known before it is written.
  const size_t start = pdf.size() + head.size() + 12 + rest.size();
  const std::string forged =
      pdf + head + absl::StrFormat("%012d", start) + rest + tail;
  auto read = ReadPdfSignatures(forged);
  EXPECT_FALSE(read.ok()) << "a range over unsigned text was believed";
  // Numbers beyond the file, or beyond any integer, are refused, not
  // trusted and not crashed on.
  // Ranges far past the file (their sum past any 64-bit integer) are
  // refused; digits too many for any offset are no range at all.
  for (const char* range :
       {"/ByteRange [0 10 900000000000000000 900000000000000000]",
        "/ByteRange [0 10 18 999999999999999999]"}) {
    auto bad = ReadPdfSignatures(pdf + "\n1 0 obj<<" + range + ">>endobj\n");
    EXPECT_FALSE(bad.ok()) << range;
  }
  auto not_a_range = ReadPdfSignatures(
      pdf + "\n1 0 obj<</ByteRange [0 10 99999999999999999999999 5]>>endobj\n");
  ASSERT_TRUE(not_a_range.ok()) << not_a_range.status();
  EXPECT_EQ(not_a_range->size(), 1u);
}

TEST_F(PdfSigningTest, ACmsOverOtherBytesOrFromAnotherCaIsRefused) {
  auto prepared = PrepareSignature(OnePagePdf(), {}, Spec("NguoiKy", 500));
  ASSERT_TRUE(prepared.ok());
  auto ranges = SignedRanges(*prepared);
  ASSERT_TRUE(ranges.ok());
  auto wrong = SignDigest(Sha256("other bytes"), Identity("signer"));
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(CheckCmsSignature(*wrong, *ranges).status().code(),
            absl::StatusCode::kInvalidArgument);

  auto stranger = SignDigest(Sha256(*ranges), Identity("stranger"));
  ASSERT_TRUE(stranger.ok());
  EXPECT_TRUE(CheckCmsSignature(*stranger, *ranges).ok());
  auto anchors = ReadCertificates(*dir_ + "/ca.crt");
  ASSERT_TRUE(anchors.ok());
  const absl::Status untrusted =
      CheckSignerCertificate(*stranger, *anchors, absl::Now());
  EXPECT_EQ(untrusted.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(untrusted.message(), "Người Lạ")) << untrusted;
  // Valid two days from now: expired in a week.
  auto own = SignDigest(Sha256(*ranges), Identity("signer"));
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(
      CheckSignerCertificate(*own, *anchors, absl::Now() + absl::Hours(24 * 7))
          .code(),
      absl::StatusCode::kFailedPrecondition);

  auto embedded = EmbedSignature(*prepared, *own);
  ASSERT_TRUE(embedded.ok());
  EXPECT_EQ(EmbedSignature(*embedded, *own).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace dtr
