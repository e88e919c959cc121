#include "services/stats/dossier_cube.h"

#include <cstring>

#include "gtest/gtest.h"

namespace dtr::stats {
namespace {

TEST(DossierCubeTest, RoundTripsEveryCell) {
  DossierCounts counts;
  counts.Add(1, 1, 0, 2, 7);
  counts.Add(2, 3, 1, 4, 123456789012);
  counts.Add(3, 2, 1, 1, -2);  // a pending decrease
  const std::string bytes = EncodeDossierCube(counts);
  DossierCounts back;
  ASSERT_TRUE(AddDossierCube(bytes, &back));
  EXPECT_EQ(std::memcmp(&back.n, &counts.n, sizeof(counts.n)), 0);
  // Adding again doubles every cell.
  ASSERT_TRUE(AddDossierCube(bytes, &back));
  EXPECT_EQ(back.n[2][3][1][4], 246913578024);
  EXPECT_EQ(back.Total(), 2 * counts.Total());
}

TEST(DossierCubeTest, RecordedAttributesRoundTripApartFromTheDossiers) {
  DossierCounts counts;
  counts.Add(1, 1, 0, 2, 5);
  counts.Add(DossierCounts::kRecordedServiceLevel, kComponentsDigitized, 1, 0,
             3);
  counts.Add(DossierCounts::kRecordedServiceLevel, kResultsReused, 0, 0, 2);
  DossierCounts back;
  ASSERT_TRUE(AddDossierCube(EncodeDossierCube(counts), &back));
  EXPECT_EQ(back.recorded[kComponentsDigitized][1], 3);
  EXPECT_EQ(back.recorded[kResultsReused][0], 2);
  EXPECT_EQ(back.recorded[kResultsReused][1], 0);
  // They are not dossiers: the total is the five received.
  EXPECT_EQ(back.Total(), 5);
}

TEST(DossierCubeTest, ARecordedCellOfAnUnknownAttributeIsKeptAside) {
  // Service level 15, attribute 7 (a newer binary's), value 1, status 0.
  const std::string bytes("\x01\x0f\x07\x01\x00\x02", 6);
  DossierCounts counts;
  std::string unknown;
  ASSERT_TRUE(AddDossierCube(bytes, &counts, &unknown));
  EXPECT_EQ(unknown, bytes.substr(1));
  EXPECT_EQ(counts.recorded[0][1] + counts.recorded[1][1], 0);
}

TEST(DossierCubeTest, NoCellIsTheEmptyString) {
  EXPECT_EQ(EncodeDossierCube(DossierCounts()), "");
  DossierCounts counts;
  EXPECT_TRUE(AddDossierCube("", &counts));
  EXPECT_EQ(counts.Total(), 0);
}

TEST(DossierCubeTest, CellsOfUnknownEnumValuesAreSkipped) {
  // Format 1; a cell of status 99 (a newer binary's), then a known one.
  const std::string bytes("\x01\x01\x01\x00\x63\x0a\x01\x01\x00\x02\x06", 11);
  DossierCounts counts;
  ASSERT_TRUE(AddDossierCube(bytes, &counts));
  EXPECT_EQ(counts.Total(), 3);
  EXPECT_EQ(counts.n[1][1][0][2], 3);
}

TEST(DossierCubeTest, AWriterKeepsTheCellsItDoesNotKnow) {
  // A cell of status 99, then a known one, as a newer binary wrote them.
  const std::string stored("\x01\x01\x01\x00\x63\x0a\x01\x01\x00\x02\x06", 11);
  DossierCounts counts;
  std::string unknown;
  ASSERT_TRUE(AddDossierCube(stored, &counts, &unknown));
  EXPECT_EQ(unknown, std::string("\x01\x01\x00\x63\x0a", 5));
  counts.Add(1, 1, 0, 2, 1);  // this binary's change
  const std::string written = EncodeDossierCube(counts, unknown);
  DossierCounts again;
  std::string unknown_again;
  ASSERT_TRUE(AddDossierCube(written, &again, &unknown_again));
  EXPECT_EQ(again.n[1][1][0][2], 4);
  EXPECT_EQ(unknown_again, unknown);
  // Only unknown cells: still a cube.
  EXPECT_EQ(EncodeDossierCube(DossierCounts(), unknown), "\x01" + unknown);
}

TEST(DossierCubeTest, MalformedBytesAddNothing) {
  DossierCounts counts;
  counts.Add(1, 1, 0, 2, 7);
  std::string bytes = EncodeDossierCube(counts);
  DossierCounts into;
  EXPECT_FALSE(AddDossierCube(bytes.substr(0, bytes.size() - 1), &into));
  EXPECT_FALSE(AddDossierCube("\x02" + bytes.substr(1), &into));
  EXPECT_FALSE(AddDossierCube(bytes + "\x01\x01", &into));
  EXPECT_EQ(into.Total(), 0);
}

}  // namespace
}  // namespace dtr::stats
