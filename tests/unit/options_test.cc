#include "tools/options.h"

#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dytallix::internal {
namespace {

using ::testing::ElementsAre;

TEST(ParseWholeNumberTest, DigitsOnly) {
  uint64_t n = 7;
  EXPECT_TRUE(ParseWholeNumber("0", n));
  EXPECT_EQ(n, 0u);
  EXPECT_TRUE(ParseWholeNumber("18446744073709551615", n));
  EXPECT_EQ(n, UINT64_MAX);
  for (std::string_view bad :
       {"", " 5", "5 ", "+5", "-5", "0x10", "1e3", "18446744073709551616"}) {
    EXPECT_FALSE(ParseWholeNumber(bad, n)) << "'" << bad << "'";
  }
  uint8_t small = 0;
  EXPECT_FALSE(ParseWholeNumber("256", small));
}

// A table like a command's: a number, a flag, a grouped pair, a repeatable.
struct Parsed {
  uint32_t limit = 0;
  bool flag = false;
  std::string text;
  std::vector<std::string> positionals;

  std::string Parse(std::vector<std::string_view> args) {
    const Option table[] = {
        {"--limit", "a count", WholeNumberInto(limit, uint32_t{1})},
        {"--flag", "",
         [this](std::string_view) {
           flag = true;
           return std::string();
         }},
        {"--a", "text",
         [this](std::string_view v) {
           text = std::string(v);
           return std::string();
         },
         "ab"},
        {"--b", "text",
         [this](std::string_view v) {
           text = std::string(v);
           return std::string();
         },
         "ab"},
        {"--each",
         "text",
         [this](std::string_view v) {
           text += std::string(v);
           return std::string();
         },
         {},
         /*repeatable=*/true},
    };
    return ParseOptions(args, table, [this](std::string_view arg) {
      positionals.emplace_back(arg);
      return std::string();
    });
  }
};

TEST(ParseOptionsTest, ValuesFlagsAndPositionals) {
  Parsed p;
  EXPECT_EQ(p.Parse({"x", "--limit", "3", "-7", "--flag", "--a=v"}), "");
  EXPECT_EQ(p.limit, 3u);
  EXPECT_TRUE(p.flag);
  EXPECT_EQ(p.text, "v");
  EXPECT_THAT(p.positionals, ElementsAre("x", "-7"));
}

TEST(ParseOptionsTest, EachErrorNamesTheOption) {
  EXPECT_EQ(Parsed().Parse({"--nope"}), "unknown option --nope");
  EXPECT_EQ(Parsed().Parse({"--limit"}), "--limit: needs a count");
  EXPECT_EQ(Parsed().Parse({"--limit", "0"}),
            "--limit: needs a positive whole number, got '0'");
  EXPECT_EQ(Parsed().Parse({"--flag=1"}), "--flag: takes no value");
  EXPECT_EQ(Parsed().Parse({"--limit", "1", "--limit", "2"}),
            "--limit: given twice");
  EXPECT_EQ(Parsed().Parse({"--b", "1", "--a", "2"}),
            "--a: cannot be combined with --b");
}

TEST(ParseOptionsTest, RepeatableOptionsAccumulate) {
  Parsed p;
  EXPECT_EQ(p.Parse({"--each", "a", "--each", "b"}), "");
  EXPECT_EQ(p.text, "ab");
}

TEST(WholeNumberIntoTest, SaysTheRange) {
  uint8_t score = 0;
  EXPECT_EQ(WholeNumberInto(score, uint8_t{0}, uint8_t{100})("101"),
            "needs a whole number from 0 to 100, got '101'");
  EXPECT_EQ(WholeNumberInto(score, uint8_t{0}, uint8_t{100})("100"), "");
  EXPECT_EQ(score, 100);
}

}  // namespace
}  // namespace dytallix::internal
