// The PDF rendering read back by poppler's tools, not ours: A4, PDF 1.4 or
// later, Liberation Serif embedded as subsets, the text extractable with
// its diacritics, the margins of Decree 30/2020/NĐ-CP, page numbers from
// page 2 only, table numbers on one line, and the same bytes for the same
// content.
#include <fstream>
#include <regex>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "services/report/markdown.h"
#include "services/report/pdf_writer.h"
#include "tests/integration/test_processes.h"

namespace dtr::report {
namespace {

using testing::MakeTempDir;
using testing::RunCommand;

DocumentFrame Frame() {
  DocumentFrame f;
  f.issuer_parent = "UBND TỈNH HÀ TĨNH";
  f.issuer = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG";
  f.number_line =
      "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-STTTT";
  f.nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
  f.motto = "Độc lập - Tự do - Hạnh phúc";
  f.date_line = "Hà Tĩnh, ngày\u00a0\u00a0\u00a0\u00a0\u00a0 tháng 10 năm 2023";
  f.title = "BÁO CÁO";
  f.summary = "Kết quả chuyển đổi số đến hết tháng 10 năm 2023";
  f.recipients_heading = "Nơi nhận:";
  f.recipients = {"Cục CĐSQG;", "Lưu: VT, CNTT."};
  f.signer_title = {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"};
  f.signer_name = "Dương Văn Tuấn";
  f.created = absl::FromUnixSeconds(1698717600);
  return f;
}

// A body long enough for three pages, with a table of six columns.
std::string Body() {
  std::string body = "## I. KẾT QUẢ\n\n";
  for (int i = 0; i < 40; ++i) {
    absl::StrAppend(&body, "Đoạn ", i + 1,
                    ": Sở Thông tin và Truyền thông tổng hợp kết quả chuyển "
                    "đổi số của các sở, ban, ngành và địa phương trên địa "
                    "bàn tỉnh trong tháng.\n\n");
  }
  body +=
      "| Cấp | Hồ sơ tiếp nhận | Nộp trực tuyến | Toàn trình trực tuyến | Số "
      "hoá | Đúng hạn |\n|:---|---:|---:|---:|---:|---:|\n"
      "| Cấp tỉnh | 170.293 | 104.220/156.903 (66,42%) | 35.516/68.164 "
      "(52,10%) | 28.627/79.015 (36,23%) | 77.040/79.015 (97,50%) |\n"
      "| **Tổng cộng** | **434.846** | **293.670/407.595 (72,05%)** | "
      "**113.593/157.262 (72,23%)** | **141.616/237.121 (59,72%)** | "
      "**233.687/237.121 (98,55%)** |\n";
  return body;
}

class PdfRenderingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const MarkdownDocument body(Body());
    const MarkdownDocument appendix(
        "## PHỤ LỤC\n\n| Chỉ tiêu | Riêng tháng |\n|:---|---:|\n| Hồ sơ nộp "
        "trực tuyến | 33.747/46.955 (71,87%) |\n");
    auto pdf = WritePdf(Frame(), body, &appendix);
    ASSERT_TRUE(pdf.ok()) << pdf.status();
    rendering_ = std::move(*pdf);
    path_ = MakeTempDir() + "/report.pdf";
    std::ofstream(path_, std::ios::binary) << rendering_.bytes;
  }

  std::string Tool(const std::vector<std::string>& argv) {
    auto r = RunCommand(argv);
    EXPECT_EQ(r.exit_code, 0) << argv[0] << ": " << r.err;
    return r.out;
  }

  PdfRendering rendering_;
  std::string path_;
};

TEST_F(PdfRenderingTest, IsAnA4PdfWithLiberationSerifEmbeddedAsSubsets) {
  const std::string info = Tool({"pdfinfo", path_});
  EXPECT_TRUE(absl::StrContains(info, "(A4)")) << info;
  std::smatch version;
  ASSERT_TRUE(std::regex_search(info, version,
                                std::regex(R"(PDF version:\s+1\.(\d))")));
  EXPECT_GE(std::stoi(version[1].str()), 4);
  const std::string fonts = Tool({"pdffonts", path_});
  int subsets = 0;
  for (absl::string_view line : absl::StrSplit(fonts, '\n')) {
    if (!absl::StrContains(line, "LiberationSerif")) continue;
    ++subsets;
    // "emb sub uni": embedded, a subset, with a Unicode map.
    EXPECT_TRUE(absl::StrContains(line, "yes yes yes")) << line;
  }
  EXPECT_GE(subsets, 2) << fonts;  // regular and bold at least
  EXPECT_FALSE(absl::StrContains(fonts, "Type 3")) << fonts;
}

TEST_F(PdfRenderingTest, TextComesBackWithItsDiacritics) {
  const std::string text = Tool({"pdftotext", path_, "-"});
  for (const char* expected :
       {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "BÁO CÁO",
        "Kết quả chuyển đổi số đến hết tháng 10 năm 2023",
        "Nơi nhận:", "KT. GIÁM ĐỐC", "Dương Văn Tuấn", "PHỤ LỤC"}) {
    EXPECT_TRUE(absl::StrContains(text, expected)) << expected;
  }
}

TEST_F(PdfRenderingTest, PagesAreNumberedAtTheTopFromTheSecond) {
  const std::string pages = Tool({"pdfinfo", path_});
  std::smatch count;
  ASSERT_TRUE(std::regex_search(pages, count, std::regex(R"(Pages:\s+(\d+))")));
  const int n = std::stoi(count[1].str());
  ASSERT_GE(n, 3);
  for (int page = 1; page <= n; ++page) {
    const std::string text =
        Tool({"pdftotext", "-f", std::to_string(page), "-l",
              std::to_string(page), "-layout", path_, "-"});
    const std::string first_line = std::string(
        absl::StripAsciiWhitespace(text.substr(0, text.find('\n'))));
    if (page == 1) {
      EXPECT_TRUE(absl::StrContains(first_line, "UBND TỈNH HÀ TĨNH"))
          << first_line;
    } else {
      EXPECT_EQ(first_line, std::to_string(page));
    }
  }
}

TEST_F(PdfRenderingTest, TextStaysWithinTheMarginsOfDecree30) {
  // Word boxes in points: xMin ≥ 30 mm from the left edge, xMax ≤ 15 mm
  // from the right, the body between 20 mm from the top and bottom (the
  // page numbers above it, in the top margin).
  const std::string boxes = Tool({"pdftotext", "-bbox", path_, "-"});
  const std::regex word(
      R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>)re");
  constexpr double kMm = 72 / 25.4;
  int words = 0;
  for (auto it = std::sregex_iterator(boxes.begin(), boxes.end(), word);
       it != std::sregex_iterator(); ++it, ++words) {
    const double x_min = std::stod((*it)[1]), y_min = std::stod((*it)[2]);
    const double x_max = std::stod((*it)[3]), y_max = std::stod((*it)[4]);
    EXPECT_GE(x_min, 30 * kMm - 0.5) << (*it)[5];
    EXPECT_LE(x_max, 595.3 - 15 * kMm + 0.5) << (*it)[5];
    EXPECT_LE(y_max, 841.9 - 20 * kMm + 0.5) << (*it)[5];
    EXPECT_GE(y_min, 8 * kMm) << (*it)[5];
  }
  EXPECT_GT(words, 500);
}

TEST_F(PdfRenderingTest, NumbersInTablesStayOnOneLine) {
  const std::string text = Tool({"pdftotext", "-layout", path_, "-"});
  for (const char* number :
       {"33.747/46.955", "293.670/407.595", "113.593/157.262",
        "233.687/237.121", "104.220/156.903"}) {
    EXPECT_TRUE(absl::StrContains(text, number)) << number;
  }
}

TEST_F(PdfRenderingTest, TheSameContentGivesTheSameBytes) {
  const MarkdownDocument body(Body());
  auto again = WritePdf(Frame(), body, nullptr);
  auto once = WritePdf(Frame(), body, nullptr);
  ASSERT_TRUE(again.ok() && once.ok());
  EXPECT_EQ(again->bytes, once->bytes);
}

TEST_F(PdfRenderingTest, PlacesForTheNumberDateAndSignatureAreOnTheirPages) {
  const PdfPlaces& p = rendering_.places;
  EXPECT_EQ(p.number.page, 0);
  EXPECT_EQ(p.date.page, 0);
  EXPECT_GT(p.number.width, 0);
  EXPECT_GT(p.signature.height, 40);  // room for an image
  // The signature is at right, under the title, before the appendix.
  EXPECT_GT(p.signature.x, 595.3 / 2 - 1);
  EXPECT_GE(p.signature.page, 1);
}

}  // namespace
}  // namespace dtr::report
