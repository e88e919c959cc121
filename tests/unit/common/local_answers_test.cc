// The answers a process keeps in memory: found only under the generation
// they were kept under, within their byte bound, the oldest going first.
#include "common/local_answers.h"

#include <string>

#include "gtest/gtest.h"

namespace dtr {
namespace {

TEST(LocalAnswersTest, AnAnswerIsFoundUnderItsOwnGenerationOnly) {
  LocalAnswers answers(1 << 20);
  answers.Put("indicators:HT", 7, "seven");
  EXPECT_EQ(answers.Find("indicators:HT", 7), "seven");
  EXPECT_FALSE(answers.Find("indicators:HT", 8)) << "a write came since";
  EXPECT_FALSE(answers.Find("indicators:HT", 6));
  answers.Put("indicators:HT", 8, "eight");
  EXPECT_EQ(answers.Find("indicators:HT", 8), "eight");
  EXPECT_FALSE(answers.Find("indicators:HT", 7));
  answers.DropBefore(9);
  EXPECT_FALSE(answers.Find("indicators:HT", 8));
  EXPECT_EQ(answers.bytes(), 0);
}

TEST(LocalAnswersTest, TheOldestGoFirstPastTheBound) {
  // Each answer is a 1-byte key and 9 bytes: three fit in 30.
  LocalAnswers answers(30);
  for (const char* key : {"a", "b", "c"}) answers.Put(key, 1, "123456789");
  EXPECT_EQ(answers.bytes(), 30);
  answers.Put("d", 1, "123456789");
  EXPECT_FALSE(answers.Find("a", 1));
  for (const char* key : {"b", "c", "d"}) EXPECT_TRUE(answers.Find(key, 1));
  EXPECT_LE(answers.bytes(), 30);
  // An answer larger than the whole bound is not kept, and evicts nothing.
  answers.Put("e", 1, std::string(64, 'x'));
  EXPECT_FALSE(answers.Find("e", 1));
  EXPECT_TRUE(answers.Find("b", 1));
}

TEST(LocalAnswersTest, AKeyPutAgainAndAgainStaysWithinTheBound) {
  LocalAnswers answers(100);
  for (int generation = 1; generation <= 100000; ++generation) {
    answers.Put("k", generation, "v");
  }
  EXPECT_EQ(answers.Find("k", 100000), "v");
  EXPECT_EQ(answers.bytes(), 2);
}

}  // namespace
}  // namespace dtr
