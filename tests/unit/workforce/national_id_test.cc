#include "services/workforce/national_id.h"

#include "gtest/gtest.h"

namespace dtr::workforce {
namespace {

TEST(NationalIdTest, AcceptsTwelveDigitsWithAProvinceCode) {
  EXPECT_TRUE(IsValidNationalId("001234567889"));
  EXPECT_TRUE(IsValidNationalId("042199012345"));  // Hà Tĩnh
  EXPECT_TRUE(IsValidNationalId("096301234567"));  // the highest code
  // 000: the code dtr reserves for synthetic records.
  EXPECT_TRUE(IsValidNationalId("000187001006"));
}

TEST(NationalIdTest, RefusesEverythingElse) {
  for (const char* id :
       {"", "00123456788", "0012345678890", "00123456788a", "0012 4567889",
        "+01234567889", "097123456789", "999123456789", "０01234567889"}) {
    EXPECT_FALSE(IsValidNationalId(id)) << id;
  }
}

TEST(NationalIdTest, MasksAllButProvinceCenturyAndLastTwo) {
  EXPECT_EQ(MaskNationalId("001234567889"), "0012******89");
  EXPECT_EQ(MaskNationalId("042199012345"), "0421******45");
  EXPECT_EQ(MaskNationalId("000187001006"), "0001******06");
}

TEST(NationalIdTest, MasksInvalidNumbersWhole) {
  // A malformed number might be any personal number; none of it shows.
  EXPECT_EQ(MaskNationalId("12345"), "*****");
  EXPECT_EQ(MaskNationalId("999123456789"), "************");
  EXPECT_EQ(MaskNationalId(""), "");
}

}  // namespace
}  // namespace dtr::workforce
