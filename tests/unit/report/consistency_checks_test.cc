#include "services/report/consistency_checks.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace dtr::report {
namespace {

Figure Rate(const std::string& key, int64_t n, int64_t d,
            std::optional<double> ratio = std::nullopt) {
  Figure f;
  f.key = key;
  f.kind = Figure::Kind::kRate;
  f.numerator = n;
  f.denominator = d;
  f.ratio = ratio
                ? ratio
                : (d > 0 ? std::optional<double>(double(n) / d) : std::nullopt);
  return f;
}

Figure Count(const std::string& key, int64_t value, bool additive = true) {
  Figure f;
  f.key = key;
  f.value = value;
  f.additive = additive;
  return f;
}

FigureMap Map(std::vector<Figure> figures) {
  FigureMap out;
  for (Figure& f : figures) out[f.key] = f;
  return out;
}

// The sample's digitization: consistent counts, whose published overall
// rate (57,53%) does not follow from them.
FigureMap Digitization() {
  return Map({Rate("stats.total.digitization", 141616, 237121),
              Rate("stats.province.digitization", 28627, 79015),
              Rate("stats.district.digitization", 16301, 27728),
              Rate("stats.commune.digitization", 96688, 130378)});
}

v1::PublishedFigure Published(const std::string& figure, double value,
                              int decimals) {
  v1::PublishedFigure p;
  p.set_figure(figure);
  p.set_value(value);
  p.set_decimals(decimals);
  return p;
}

TEST(ConsistencyChecksTest, ConsistentFiguresPass) {
  EXPECT_TRUE(CheckFigures(Digitization(), {}).empty());
  // Published as printed, at their precision.
  EXPECT_TRUE(CheckFigures(Digitization(),
                           {Published("stats.province.digitization", 36.23, 2),
                            Published("stats.total.digitization", 60, 0)})
                  .empty());
}

TEST(ConsistencyChecksTest, APublishedRateThatDoesNotFollowIsExplained) {
  auto found = CheckFigures(Digitization(),
                            {Published("stats.total.digitization", 57.53, 2)});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].figure(), "stats.total.digitization");
  EXPECT_EQ(found[0].check(), "published");
  const std::string& d = found[0].detail();
  EXPECT_TRUE(absl::StrContains(d, "57,53%")) << d;
  EXPECT_TRUE(absl::StrContains(d, "141.616/237.121 (59,72%)")) << d;
  EXPECT_TRUE(absl::StrContains(d, "246.160")) << d;  // implied
  EXPECT_TRUE(absl::StrContains(d, "3 cấp cộng lại là 237.121")) << d;
}

TEST(ConsistencyChecksTest, LevelsMustAddUpToTheTotal) {
  FigureMap figures = Digitization();
  figures["stats.total.digitization"] =
      Rate("stats.total.digitization", 141616, 246160);
  figures["stats.total.dossiers_received"] =
      Count("stats.total.dossiers_received", 10);
  figures["stats.province.dossiers_received"] =
      Count("stats.province.dossiers_received", 4);
  figures["stats.commune.dossiers_received"] =
      Count("stats.commune.dossiers_received", 5);
  // Not additive: distinct trainees may attend courses of two levels.
  figures["workforce.total.trainees"] =
      Count("workforce.total.trainees", 3, false);
  figures["workforce.province.trainees"] =
      Count("workforce.province.trainees", 2, false);
  figures["workforce.commune.trainees"] =
      Count("workforce.commune.trainees", 2, false);
  auto found = CheckFigures(figures, {});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].figure(), "stats.total.digitization");
  EXPECT_EQ(found[0].check(), "sum");
  EXPECT_EQ(found[1].figure(), "stats.total.dossiers_received");
  EXPECT_TRUE(absl::StrContains(found[1].detail(), "tổng là 10"));
  EXPECT_TRUE(absl::StrContains(found[1].detail(), "cộng lại là 9"));
}

TEST(ConsistencyChecksTest, RatesAreRecomputedFromTheirCounts) {
  auto found =
      CheckFigures(Map({Rate("security.total.approved_dossier", 44, 260, 0.2),
                        Rate("workforce.total.eligible", 300, 283)}),
                   {});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].check(), "rate");
  EXPECT_TRUE(absl::StrContains(found[0].detail(), "16,9231%"))
      << found[0].detail();
  EXPECT_TRUE(absl::StrContains(found[1].detail(), "không tạo thành"));
}

TEST(ConsistencyChecksTest, PublishedCountsAndUnknownFigures) {
  FigureMap figures =
      Map({Count("payments.total.successful_transactions", 77800)});
  EXPECT_TRUE(
      CheckFigures(figures, {Published("payments.total.successful_transactions",
                                       77800, 0)})
          .empty());
  auto found = CheckFigures(
      figures, {Published("payments.total.successful_transactions", 77801, 0),
                Published("nothing.total.such", 1, 0)});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_TRUE(absl::StrContains(found[0].detail(), "77.800"));
  EXPECT_EQ(found[1].figure(), "nothing.total.such");
}

TEST(ReportFiguresTest, TheJsonListReadsBack) {
  FigureMap figures = Digitization();
  figures["payments.total.amount_vnd"] = Count("payments.total.amount_vnd", 5);
  figures["payments.total.amount_vnd"].kind = Figure::Kind::kAmountVnd;
  figures["stats.total.digitization"].service = "stats";
  figures["stats.total.digitization"].request = {{"unit_code", "HT"}};
  auto back =
      FiguresFromJson(nlohmann::json::parse(FiguresJson(figures).dump()));
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->size(), figures.size());
  for (const auto& [key, f] : figures) {
    EXPECT_EQ(back->at(key).Text(), f.Text()) << key;
    EXPECT_EQ(back->at(key).kind, f.kind) << key;
  }
  EXPECT_EQ(back->at("stats.total.digitization").service, "stats");
  EXPECT_FALSE(FiguresFromJson(nlohmann::json::parse("{}")).ok());
}

}  // namespace
}  // namespace dtr::report
