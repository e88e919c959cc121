#include "services/report/template_set.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "services/report/markdown.h"
#include "services/report/template_versions.h"

namespace dtr::report {
namespace {

constexpr char kTemplates[] = DTR_SOURCE_DIR "/services/report/templates";

// A fresh directory, removed with what it holds when the test ends.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/dtr-templates-XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(TemplateSetTest, TheShippedTemplatesLoad) {
  auto set = TemplateSet::LoadDir(kTemplates);
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_TRUE((*set)->Has("body.md"));
  EXPECT_TRUE((*set)->Has("section-public-services.md"));
  EXPECT_EQ((*set)->labels()["levels"]["district"], "cấp huyện");
}

TEST(TemplateSetTest, ValuesAreEscapedForTheirOutput) {
  const TempDir temp;
  const std::string& dir = temp.path();
  Write(dir + "/body.md.mustache", "{{text}} / {{{text}}} / {{> part.md}}\n");
  Write(dir + "/part.md.mustache", "[{{#items}}{{.}}{{/items}}]");
  Write(dir + "/report.md.mustache", "{{{body}}}");
  Write(dir + "/report.html.mustache", "<p>{{text}}</p>");
  Write(dir + "/labels.json", "{}");
  auto set = TemplateSet::LoadDir(dir);
  ASSERT_TRUE(set.ok()) << set.status();
  const nlohmann::json context = {{"text", "a|b *c* <d>"},
                                  {"items", {"x", "y"}}};
  auto md = (*set)->Render("body.md", context, Escape::kMarkdown);
  ASSERT_TRUE(md.ok());
  EXPECT_EQ(*md, "a\\|b \\*c\\* \\<d\\> / a|b *c* <d> / [xy]\n");
  auto html = (*set)->Render("report.html", context, Escape::kHtml);
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(*html, "<p>a|b *c* &lt;d&gt;</p>");
  // An edited file is what a reload reads.
  Write(dir + "/report.html.mustache", "<b>{{text}}</b>");
  auto again = TemplateSet::LoadDir(dir);
  ASSERT_TRUE(again.ok());
  EXPECT_NE((*again)->fingerprint(), (*set)->fingerprint());
}

TEST(TemplateSetTest, AnIncompleteDirectoryIsRefused) {
  const TempDir temp;
  const std::string& dir = temp.path();
  Write(dir + "/body.md.mustache", "x");
  Write(dir + "/labels.json", "{}");
  auto set = TemplateSet::LoadDir(dir);
  ASSERT_FALSE(set.ok());
  EXPECT_TRUE(absl::StrContains(set.status().message(), "report.md.mustache"))
      << set.status();
  Write(dir + "/report.md.mustache", "x");
  Write(dir + "/report.html.mustache", "x");
  Write(dir + "/labels.json", "[1, 2");
  EXPECT_FALSE(TemplateSet::LoadDir(dir).ok());
  EXPECT_FALSE(TemplateSet::LoadDir(dir + "/nowhere").ok());
}

TEST(MarkdownTest, TablesAndEscapedHtml) {
  MarkdownDocument doc(
      "| A | B |\n|:--|--:|\n| x | 1 |\n\n<script>alert(1)</script>\n");
  const std::string html = doc.ToHtml();
  EXPECT_TRUE(absl::StrContains(html, "<table>")) << html;
  EXPECT_TRUE(absl::StrContains(html, "<td align=\"right\">1</td>")) << html;
  EXPECT_FALSE(absl::StrContains(html, "<script>")) << html;
}

// A minimal directory of templates whose summary label is `summary`.
void WriteBase(const std::string& dir, const std::string& summary) {
  Write(dir + "/body.md.mustache", "{{> part.md}}");
  Write(dir + "/part.md.mustache", "base part");
  Write(dir + "/report.md.mustache", "{{{body}}}");
  Write(dir + "/report.html.mustache", "{{{body}}}");
  Write(dir + "/labels.json",
        R"({"title": "BÁO CÁO", "summary": ")" + summary + R"("})");
}

constexpr char kTwoEras[] = R"({"versions": [
  {"valid_from": "2000-01-01", "valid_to": "2025-02-28",
   "legal_basis": {"number": "1/2000", "date": "2000-01-01"}},
  {"valid_from": "2025-03-01",
   "legal_basis": {"number": "2/2025", "date": "2025-02-01"},
   "replace": {"labels.json": "labels.new.json",
               "part.md.mustache": "part.new.md.mustache"}}]})";

TEST(TemplateVersionsTest, TheShippedWordingHasBothEras) {
  auto versions = LoadTemplateVersions(kTemplates);
  ASSERT_TRUE(versions.ok()) << versions.status();
  const TemplateVersions::Version* old_era =
      (*versions)->At(absl::CivilDay(2023, 10, 31));
  const TemplateVersions::Version* new_era =
      (*versions)->At(absl::CivilDay(2026, 10, 31));
  ASSERT_NE(old_era, nullptr);
  ASSERT_NE(new_era, nullptr);
  EXPECT_EQ(old_era->meta.legal_basis().number(), "1551/CĐSQG-CSS");
  EXPECT_EQ(new_era->meta.valid_from(), "2025-03-01");
  EXPECT_EQ(new_era->meta.legal_basis().number(), "57-NQ/TW");
  const auto summary = [](const TemplateVersions::Version* v) {
    return v->value->labels()["summary"].get<std::string>();
  };
  EXPECT_TRUE(absl::StartsWith(summary(old_era), "Kết quả chuyển đổi số"))
      << summary(old_era);
  EXPECT_TRUE(absl::StrContains(summary(new_era), "đổi mới sáng tạo"))
      << summary(new_era);
  // Only what the era changes differs.
  EXPECT_EQ(new_era->value->labels()["levels"],
            old_era->value->labels()["levels"]);
  EXPECT_NE(new_era->meta.fingerprint(), old_era->meta.fingerprint());
}

TEST(TemplateVersionsTest, AVersionReadsItsFilesInPlaceOfTheBase) {
  const TempDir temp;
  const std::string& dir = temp.path();
  WriteBase(dir, "old words");
  Write(dir + "/labels.new.json", R"({"summary": "new words"})");
  Write(dir + "/part.new.md.mustache", "new part");
  Write(dir + "/versions.json", kTwoEras);
  auto versions = LoadTemplateVersions(dir);
  ASSERT_TRUE(versions.ok()) << versions.status();
  ASSERT_EQ((*versions)->versions().size(), 2u);
  const TemplateSet& before = *(*versions)->versions()[0].value;
  const TemplateSet& after = *(*versions)->versions()[1].value;
  EXPECT_EQ(*before.Render("body.md", {}, Escape::kNone), "base part");
  EXPECT_EQ(*after.Render("body.md", {}, Escape::kNone), "new part");
  EXPECT_EQ(before.labels()["summary"], "old words");
  EXPECT_EQ(after.labels()["summary"], "new words");
  EXPECT_EQ(after.labels()["title"], "BÁO CÁO");  // merged, not replaced
  // An era's file is not a partial of the others.
  EXPECT_FALSE(before.Has("part.new.md"));
  EXPECT_EQ(after.replaced().at("labels.json"), "labels.new.json");
}

TEST(TemplateVersionsTest, ADirectoryWithoutVersionsIsInForceEveryDay) {
  const TempDir temp;
  WriteBase(temp.path(), "words");
  auto versions = LoadTemplateVersions(temp.path());
  ASSERT_TRUE(versions.ok()) << versions.status();
  ASSERT_EQ((*versions)->versions().size(), 1u);
  EXPECT_EQ((*versions)->versions()[0].meta.valid_from(), "");
  EXPECT_NE((*versions)->At(absl::CivilDay(1990, 1, 1)), nullptr);
}

TEST(TemplateVersionsTest, BadVersionsAreRefusedNamingTheEntry) {
  const TempDir temp;
  const std::string& dir = temp.path();
  WriteBase(dir, "words");
  Write(dir + "/labels.new.json", R"({"summary": "new"})");
  // A replacement naming no file of the directory.
  Write(dir + "/versions.json", kTwoEras);
  auto versions = LoadTemplateVersions(dir);
  ASSERT_FALSE(versions.ok());
  EXPECT_TRUE(absl::StrContains(versions.status().message(),
                                "versions[1] (from 2025-03-01)"))
      << versions.status();
  EXPECT_TRUE(
      absl::StrContains(versions.status().message(), "part.new.md.mustache"))
      << versions.status();
  // Overlapping days.
  Write(dir + "/versions.json", R"({"versions": [
    {"valid_from": "2000-01-01", "valid_to": "2025-03-31",
     "legal_basis": {"number": "1/2000", "date": "2000-01-01"}},
    {"valid_from": "2025-03-01",
     "legal_basis": {"number": "2/2025", "date": "2025-02-01"},
     "replace": {"labels.json": "labels.new.json"}}]})");
  versions = LoadTemplateVersions(dir);
  ASSERT_FALSE(versions.ok());
  EXPECT_TRUE(absl::StrContains(versions.status().message(),
                                "versions[1]: valid_from 2025-03-01 overlaps"))
      << versions.status();
  // A base file read in place of another.
  Write(dir + "/versions.json", R"({"versions": [
    {"valid_from": "2000-01-01",
     "legal_basis": {"number": "1/2000", "date": "2000-01-01"},
     "replace": {"part.md.mustache": "body.md.mustache"}}]})");
  versions = LoadTemplateVersions(dir);
  ASSERT_FALSE(versions.ok());
  EXPECT_TRUE(absl::StrContains(versions.status().message(),
                                "is a file of the base templates"))
      << versions.status();
  // A key a version does not have.
  Write(dir + "/versions.json", R"({"versions": [
    {"valid_from": "2000-01-01",
     "legal_basis": {"number": "1/2000", "date": "2000-01-01"},
     "replaces": {}}]})");
  versions = LoadTemplateVersions(dir);
  ASSERT_FALSE(versions.ok());
  EXPECT_TRUE(absl::StrContains(versions.status().message(), "'replaces'"))
      << versions.status();
}

}  // namespace
}  // namespace dtr::report
