// The DOCX writer on its own: a package whose parts independent readers
// need, the document laid out as Decree 30/2020/NĐ-CP asks (A4, its
// margins, the header and the signature block), text escaped, the
// appendix on a page of its own, and the same bytes for the same content.
#include "services/report/docx_writer.h"

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/report/markdown.h"
#include "zip.h"

namespace dtr::report {
namespace {

// The parts of a DOCX, by name.
std::map<std::string, std::string> Unzip(const std::string& bytes) {
  std::map<std::string, std::string> parts;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    return parts;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t stat;
    if (zip_stat_index(archive, i, 0, &stat) != 0) continue;
    zip_file_t* file = zip_fopen_index(archive, i, 0);
    std::string content(stat.size, '\0');
    zip_fread(file, content.data(), stat.size);
    zip_fclose(file);
    parts[stat.name] = content;
  }
  zip_close(archive);
  return parts;
}

DocumentFrame Frame() {
  DocumentFrame f;
  f.issuer_parent = "UBND TỈNH HÀ TĨNH";
  f.issuer = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG";
  f.number_line = "Số:        /BC-STTTT";
  f.nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
  f.motto = "Độc lập - Tự do - Hạnh phúc";
  f.date_line = "Hà Tĩnh, ngày      tháng 10 năm 2023";
  f.title = "BÁO CÁO";
  f.summary = "Kết quả chuyển đổi số đến hết tháng 10 năm 2023";
  f.recipients_heading = "Nơi nhận:";
  f.recipients = {"UBND tỉnh;", "Lưu: VT."};
  f.signer_title = {"GIÁM ĐỐC"};
  f.signer_name = "Nguyễn Văn A";
  f.created = absl::FromUnixSeconds(1700000000);
  return f;
}

constexpr char kBody[] =
    "## 1. Dịch vụ công\n\n"
    "Tỷ lệ <số hóa> & \"trực tuyến\" đạt 72,05%.\n\n"
    "| Cấp | Hồ sơ |\n|---|---|\n| Xã | 1.234 |\n";

TEST(DocxWriterTest, APackageReadersCanOpen) {
  MarkdownDocument body(kBody);
  auto docx = WriteDocx(Frame(), body, nullptr);
  ASSERT_TRUE(docx.ok()) << docx.status();
  auto parts = Unzip(*docx);
  for (const char* name :
       {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
        "word/document.xml", "word/styles.xml", "word/settings.xml",
        "word/header1.xml", "word/header2.xml", "docProps/core.xml",
        "docProps/app.xml"}) {
    EXPECT_EQ(parts.count(name), 1u) << name;
  }
  EXPECT_NE(parts["docProps/core.xml"].find("BÁO CÁO Kết quả chuyển đổi số"),
            std::string::npos);
  EXPECT_NE(parts["word/styles.xml"].find("Times New Roman"),
            std::string::npos);
}

TEST(DocxWriterTest, TheDocumentIsLaidOutAsDecree30Asks) {
  MarkdownDocument body(kBody);
  auto docx = WriteDocx(Frame(), body, nullptr);
  ASSERT_TRUE(docx.ok());
  const std::string document = Unzip(*docx)["word/document.xml"];
  // A4, margins 22.5 / 18 / 22.5 / 33 mm.
  EXPECT_NE(document.find("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"),
            std::string::npos);
  EXPECT_NE(document.find("w:top=\"1276\" w:right=\"1021\" w:bottom=\"1276\" "
                          "w:left=\"1871\""),
            std::string::npos);
  // The issuer before the national motto, the title, the body, then the
  // recipients and the signer.
  const size_t issuer = document.find("SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
  const size_t motto = document.find("Độc lập - Tự do - Hạnh phúc");
  const size_t title = document.find("BÁO CÁO");
  const size_t text = document.find("1. Dịch vụ công");
  const size_t recipients = document.find("- Lưu: VT.");
  const size_t signer = document.find("Nguyễn Văn A");
  EXPECT_LT(issuer, motto);
  EXPECT_LT(motto, title);
  EXPECT_LT(title, text);
  EXPECT_LT(text, recipients);
  EXPECT_LT(recipients, signer);
  EXPECT_NE(signer, std::string::npos);
  // The table's cells.
  EXPECT_NE(document.find("<w:tbl>"), std::string::npos);
  EXPECT_NE(document.find("1.234"), std::string::npos);
}

TEST(DocxWriterTest, TableColumnsAreWideEnoughThatNumbersNeverBreak) {
  MarkdownDocument body(
      "| Chỉ tiêu | Riêng tháng | Đến hết tháng | Tháng trước | Thay đổi |\n"
      "|:---|---:|---:|---:|---:|\n"
      "| Hồ sơ nộp trực tuyến | 33.747/46.955 (71,87%) | **293.670/407.595 "
      "(72,05%)** | 259.923/360.640 (72,07%) | -0,02\u00a0điểm\u00a0% |\n");
  auto docx = WriteDocx(Frame(), body, nullptr);
  ASSERT_TRUE(docx.ok());
  const std::string document = Unzip(*docx)["word/document.xml"];
  std::vector<int> grid;
  const std::string tag = "<w:gridCol w:w=\"";
  // The body table's grid: after the head's two-column layout.
  size_t at = document.find("<w:tblGrid>", document.find("<w:tblGrid>") + 1);
  ASSERT_NE(at, std::string::npos);
  const size_t end = document.find("</w:tblGrid>", at);
  while ((at = document.find(tag, at)) != std::string::npos && at < end) {
    at += tag.size();
    grid.push_back(std::stoi(document.substr(at)));
  }
  ASSERT_EQ(grid.size(), 5u);
  // Each figure column holds its longest number in bold 12 pt (Times New
  // Roman's metrics: digits half an em, "." and "," a quarter, "/" 0.278
  // em) and the cell margins of 80 twips each side.
  const auto twips = [](double ems) { return static_cast<int>(ems * 240); };
  const int margins = 160;
  EXPECT_GE(grid[1], twips(10 * 0.5 + 2 * 0.25 + 0.278) + margins);
  EXPECT_GE(grid[2], twips(12 * 0.5 + 2 * 0.25 + 0.278) + margins);
  EXPECT_GE(grid[4], twips(4 * 0.5) + margins);  // "-0,02 điểm %" at least
}

TEST(DocxWriterTest, TextIsEscaped) {
  MarkdownDocument body(kBody);
  auto docx = WriteDocx(Frame(), body, nullptr);
  ASSERT_TRUE(docx.ok());
  const std::string document = Unzip(*docx)["word/document.xml"];
  EXPECT_NE(document.find("&lt;số hóa&gt; &amp; &quot;trực tuyến&quot;"),
            std::string::npos);
  EXPECT_EQ(document.find("<số hóa>"), std::string::npos);
}

TEST(DocxWriterTest, TheAppendixStartsOnAPageOfItsOwn) {
  MarkdownDocument body(kBody);
  MarkdownDocument appendix("## Phụ lục\n\nBảng số liệu.\n");
  auto with = WriteDocx(Frame(), body, &appendix);
  auto without = WriteDocx(Frame(), body, nullptr);
  ASSERT_TRUE(with.ok());
  ASSERT_TRUE(without.ok());
  const std::string document = Unzip(*with)["word/document.xml"];
  const size_t page_break = document.find("<w:br w:type=\"page\"/>");
  ASSERT_NE(page_break, std::string::npos);
  EXPECT_LT(document.find("Nguyễn Văn A"), page_break);
  EXPECT_GT(document.find("Phụ lục"), page_break);
  EXPECT_EQ(Unzip(*without)["word/document.xml"].find("w:type=\"page\""),
            std::string::npos);
}

TEST(DocxWriterTest, TheSameContentGivesTheSameBytes) {
  MarkdownDocument body(kBody);
  auto first = WriteDocx(Frame(), body, nullptr);
  auto second = WriteDocx(Frame(), body, nullptr);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  DocumentFrame later = Frame();
  later.created += absl::Hours(24);
  auto third = WriteDocx(later, body, nullptr);
  ASSERT_TRUE(third.ok());
  EXPECT_NE(*first, *third);
}

}  // namespace
}  // namespace dtr::report
