#include "common/csv_reader.h"

#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace dtr {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// All records of `text` with the line each starts on.
Rows ReadAll(const std::string& text, std::vector<int64_t>* lines = nullptr,
             absl::Status* status = nullptr) {
  CsvReader reader(text);
  Rows rows;
  std::vector<std::string> fields;
  while (reader.Next(&fields)) {
    rows.push_back(fields);
    if (lines) lines->push_back(reader.line());
  }
  if (status) *status = reader.status();
  return rows;
}

TEST(CsvReaderTest, PlainFields) {
  EXPECT_EQ(ReadAll("a,b,c\n1,2,3\n"),
            (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
}

TEST(CsvReaderTest, EmptyFields) {
  EXPECT_EQ(ReadAll("a,,c\n,,\n"), (Rows{{"a", "", "c"}, {"", "", ""}}));
}

TEST(CsvReaderTest, QuotedFieldsWithCommasQuotesAndNewlines) {
  std::vector<int64_t> lines;
  Rows rows = ReadAll(
      "name,note\n"
      "\"Sở Văn hóa, Thể thao và Du lịch\",\"say \"\"hi\"\"\"\n"
      "\"two\nlines\",x\n"
      "last,y\n",
      &lines);
  EXPECT_EQ(rows, (Rows{{"name", "note"},
                        {"Sở Văn hóa, Thể thao và Du lịch", "say \"hi\""},
                        {"two\nlines", "x"},
                        {"last", "y"}}));
  // A record is reported on the line it starts on.
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 3, 5}));
}

TEST(CsvReaderTest, CrLfLineEnds) {
  std::vector<int64_t> lines;
  EXPECT_EQ(ReadAll("a,b\r\n1,2\r\n3,4", &lines),
            (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 3}));
}

TEST(CsvReaderTest, ByteOrderMarkIsSkipped) {
  EXPECT_EQ(ReadAll("\xEF\xBB\xBF"
                    "code,name\nHT,Hà Tĩnh\n"),
            (Rows{{"code", "name"}, {"HT", "Hà Tĩnh"}}));
}

TEST(CsvReaderTest, EmptyTrailingLinesAreIgnored) {
  std::vector<int64_t> lines;
  EXPECT_EQ(ReadAll("a\n1\n\n\r\n", &lines), (Rows{{"a"}, {"1"}}));
  EXPECT_EQ(ReadAll(""), Rows{});
  // A blank line in the middle is skipped, and line numbers stay true.
  lines.clear();
  EXPECT_EQ(ReadAll("a\n\n2\n", &lines), (Rows{{"a"}, {"2"}}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 3}));
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnError) {
  absl::Status status;
  ReadAll("a,b\n1,\"open\n", nullptr, &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("line 2: unterminated"), std::string::npos)
      << status;
}

// A quoted field that never closes (or a line that never ends) is refused
// once the record passes the limit, before the rest is read.
TEST(CsvReaderTest, ARecordPastTheLimitIsAnError) {
  // "x…x,y" and its line feed: the limit exactly, then one byte more.
  const std::string fits(kMaxCsvRecordBytes - 3, 'x');
  absl::Status status;
  Rows rows = ReadAll("a,b\n" + fits + ",y\n", nullptr, &status);
  EXPECT_TRUE(status.ok()) << status;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][0], fits);
  for (const std::string& longer : {fits + "x", "\"" + fits + "\""}) {
    rows = ReadAll("a,b\n" + longer + ",y\n", nullptr, &status);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument)
        << longer.size();
    EXPECT_EQ(rows.size(), 1u);
  }

  const std::string endless =
      "a,b\n1,2\n3,\"" + std::string(kMaxCsvRecordBytes, 'x') + "\"\n5,6\n";
  rows = ReadAll(endless, nullptr, &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("line 3: a record longer than 1 MiB"),
            std::string::npos)
      << status;
  EXPECT_EQ(rows.size(), 2u);  // the records before it, not the one after
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnError) {
  absl::Status status;
  ReadAll("\"a\"b,c\n", nullptr, &status);
  EXPECT_NE(status.message().find("after a closing quote"), std::string::npos)
      << status;
}

TEST(CsvReaderTest, QuoteInsideUnquotedFieldIsAnError) {
  absl::Status status;
  ReadAll("a,b\"c\n", nullptr, &status);
  EXPECT_NE(status.message().find("quote inside an unquoted field"),
            std::string::npos)
      << status;
}

TEST(CsvReaderTest, HeaderMustMatchExactly) {
  CsvReader good("transaction_id,unit_code\nx,y\n");
  EXPECT_TRUE(good.ExpectHeader({"transaction_id", "unit_code"}).ok());

  CsvReader wrong_order("unit_code,transaction_id\n");
  absl::Status s = wrong_order.ExpectHeader({"transaction_id", "unit_code"});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("column 1 must be 'transaction_id'"),
            std::string::npos)
      << s;

  CsvReader missing("transaction_id\n");
  EXPECT_NE(missing.ExpectHeader({"transaction_id", "unit_code"})
                .message()
                .find("column 2 must be 'unit_code'"),
            std::string::npos);

  CsvReader extra("transaction_id,unit_code,extra\n");
  EXPECT_NE(extra.ExpectHeader({"transaction_id", "unit_code"})
                .message()
                .find("unexpected header column 3 'extra'"),
            std::string::npos);

  CsvReader late("\n\nunit_code\n");
  EXPECT_NE(late.ExpectHeader({"transaction_id"}).message().find("line 3:"),
            std::string::npos);

  CsvReader empty("");
  EXPECT_NE(empty.ExpectHeader({"a"}).message().find("empty file"),
            std::string::npos);
}

TEST(CsvReaderTest, AReadErrorIsNotTheEndOfTheFile) {
  // A directory opens but cannot be read: the reader must say so rather
  // than report an empty (or shortened) file.
  std::FILE* dir = std::fopen("/", "rb");
  ASSERT_NE(dir, nullptr);
  CsvReader reader(dir);
  std::vector<std::string> fields;
  EXPECT_FALSE(reader.Next(&fields));
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kDataLoss)
      << reader.status();
  std::fclose(dir);
}

TEST(Utf8Test, AcceptsVietnameseAndRejectsBrokenBytes) {
  EXPECT_TRUE(IsValidUtf8("Thành phố Hà Tĩnh, Đức Thọ"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));   // U+1F600
  EXPECT_FALSE(IsValidUtf8("H\xe0 T\xecnh"));     // Windows-1258 bytes
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE1\xBA"));          // cut short
}

// A file is read a chunk at a time: fields, quotes and line ends that
// straddle a chunk's end read as they would from one string.
TEST(CsvReaderTest, AFileReadsAsTheSameTextWouldAcrossChunks) {
  std::string text = "id,quoted,note\n";
  for (int i = 0; i < 3000; ++i) {
    absl::StrAppend(&text, "D", i, ",",
                    i % 7 == 0 ? "\"a, \"\"b\"\"\r\nc\"" : "", ",",
                    i % 500 == 0 ? std::string(70'000, 'x') : "plain",
                    i % 3 == 0 ? "\r\n" : "\n");
  }
  const std::string path =
      ::testing::TempDir() + "/csv-chunks-" +
      std::to_string(::testing::UnitTest::GetInstance()->random_seed());
  std::ofstream(path, std::ios::binary) << text;
  auto file = CsvReader::Open(path);
  ASSERT_TRUE(file.ok()) << file.status();
  Rows from_file;
  std::vector<int64_t> file_lines;
  std::vector<std::string> fields;
  while ((*file)->Next(&fields)) {
    from_file.push_back(fields);
    file_lines.push_back((*file)->line());
  }
  EXPECT_TRUE((*file)->status().ok()) << (*file)->status();
  std::vector<int64_t> text_lines;
  const Rows from_text = ReadAll(text, &text_lines);
  ASSERT_EQ(from_file.size(), 3001u);
  EXPECT_EQ(from_file, from_text);
  EXPECT_EQ(file_lines, text_lines);
  EXPECT_EQ(from_file[1], (std::vector<std::string>{"D0", "a, \"b\"\r\nc",
                                                    std::string(70'000, 'x')}));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace dtr
