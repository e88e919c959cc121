#include "services/report/template_set.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "services/report/markdown.h"

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

}  // namespace
}  // namespace dtr::report
