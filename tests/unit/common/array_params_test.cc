// A batch's columns as PostgreSQL array literals: each text quoted with its
// quotes and backslashes escaped, so that no value can end an element or
// the array early; NULL and numbers bare; parameters shared out by column.
#include "common/array_params.h"

#include <optional>
#include <string>

#include "common/statement_rows.h"
#include "gtest/gtest.h"

namespace dtr {
namespace {

TEST(ArrayParamsTest, EachColumnGetsItsRowsValuesInOrder) {
  ArrayParams arrays(3);
  BindRow(&arrays, 1, std::string("D1"), 20231005, std::optional<bool>(true));
  BindRow(&arrays, 4, std::string("D2"), 20231006, std::optional<bool>());
  EXPECT_EQ(arrays.Literal(0), R"({"D1","D2"})");
  EXPECT_EQ(arrays.Literal(1), "{20231005,20231006}");
  EXPECT_EQ(arrays.Literal(2), "{1,NULL}");
}

TEST(ArrayParamsTest, TextThatLooksLikeSyntaxStaysOneElement) {
  ArrayParams arrays(1);
  for (const char* text :
       {"", "NULL", "a,b", "{x}", R"(say "hi")", R"(back\slash)",
        "Sở Khoa học và Công nghệ", " padded "}) {
    arrays.BindText(1, text);
  }
  EXPECT_EQ(arrays.Literal(0),
            R"({"","NULL","a,b","{x}","say \"hi\"","back\\slash",)"
            R"("Sở Khoa học và Công nghệ"," padded "})");
}

TEST(ArrayParamsTest, BytesAreBytea) {
  ArrayParams arrays(1);
  arrays.BindBlob(1, std::string("\x01\xff", 2));
  EXPECT_EQ(arrays.Literal(0), R"({"\\x01ff"})");
}

TEST(ArrayParamsTest, ResetForgetsTheRowsAndNothingRuns) {
  ArrayParams arrays(2);
  BindRow(&arrays, 1, std::string("a"), 1);
  arrays.Reset();
  EXPECT_EQ(arrays.Literal(0), "{}");
  EXPECT_EQ(arrays.Literal(1), "{}");
  EXPECT_FALSE(arrays.Step().ok());
}

}  // namespace
}  // namespace dtr
