#include "common/flags.h"

#include <cstdlib>

#include "gtest/gtest.h"

namespace dtr {
namespace {

absl::StatusOr<std::vector<std::string>> Parse(FlagSet& flags,
                                               std::vector<const char*> args) {
  args.insert(args.begin(), "prog");
  return flags.Parse(static_cast<int>(args.size()), args.data());
}

TEST(FlagsTest, CommandLineForms) {
  std::string redis;
  int64_t batch = 1;
  bool skip = false;
  FlagSet flags("usage");
  flags.AddString("redis", &redis, "cache");
  flags.AddInt("batch-size", &batch, "rows");
  flags.AddBool("skip-invalid", &skip, "skip");
  auto words = Parse(flags, {"import", "--redis=host:1", "file.csv",
                             "--batch-size", "50", "--skip-invalid"});
  ASSERT_TRUE(words.ok()) << words.status();
  EXPECT_EQ(*words, (std::vector<std::string>{"import", "file.csv"}));
  EXPECT_EQ(redis, "host:1");
  EXPECT_EQ(batch, 50);
  EXPECT_TRUE(skip);
}

TEST(FlagsTest, EnvironmentIsTheFallback) {
  ::setenv("DTR_DRAIN_SECONDS", "2.5", 1);
  ::setenv("DTR_DB", "sqlite:/env.db", 1);
  double drain = 5;
  std::string db = "sqlite:default.db";
  FlagSet flags("usage");
  flags.AddDouble("drain-seconds", &drain, "drain");
  flags.AddString("db", &db, "store");
  ASSERT_TRUE(Parse(flags, {"--db", "sqlite:/flag.db"}).ok());
  EXPECT_EQ(drain, 2.5);             // from the environment
  EXPECT_EQ(db, "sqlite:/flag.db");  // the command line wins
  ::unsetenv("DTR_DRAIN_SECONDS");
  ::unsetenv("DTR_DB");
}

TEST(FlagsTest, ErrorsNameTheFlag) {
  int64_t n = 0;
  FlagSet flags("usage");
  flags.AddInt("batch-size", &n, "rows");
  auto bad = Parse(flags, {"--batch-size=many"});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("--batch-size"), std::string::npos);
  EXPECT_NE(
      Parse(flags, {"--nope"}).status().message().find("unknown flag --nope"),
      std::string::npos);
  EXPECT_NE(
      Parse(flags, {"--batch-size"}).status().message().find("needs a value"),
      std::string::npos);
}

TEST(FlagsTest, HelpListsFlagsWithVariables) {
  std::string listen = "0.0.0.0:7101";
  FlagSet flags("stats-service usage");
  flags.AddString("listen", &listen, "gRPC address");
  ASSERT_TRUE(Parse(flags, {"--help"}).ok());
  EXPECT_TRUE(flags.help_requested());
  const std::string help = flags.Help();
  EXPECT_NE(help.find("stats-service usage"), std::string::npos);
  EXPECT_NE(help.find("--listen VALUE"), std::string::npos);
  EXPECT_NE(help.find("[$DTR_LISTEN]"), std::string::npos);
  EXPECT_NE(help.find("(default \"0.0.0.0:7101\")"), std::string::npos);
}

}  // namespace
}  // namespace dtr
