#include <gtest/gtest.h>

#include "util/number_text.hpp"

namespace {

using lrbench::util::human_bytes;
using lrbench::util::parse_bytes;

TEST(HumanBytes, BinaryUnitsWithOneDecimalBelowTen) {
  EXPECT_EQ(human_bytes(0), "0 bytes");
  EXPECT_EQ(human_bytes(1023), "1023 bytes");
  EXPECT_EQ(human_bytes(1024), "1.0 KiB");
  EXPECT_EQ(human_bytes(2400), "2.3 KiB");
  EXPECT_EQ(human_bytes(4ULL << 30), "4.0 GiB");
  EXPECT_EQ(human_bytes(366'000'000), "349 MiB");
}

TEST(ParseBytes, DigitsWithAnOptionalBinarySuffix) {
  EXPECT_EQ(parse_bytes("1000000"), 1000000U);
  EXPECT_EQ(parse_bytes("512M"), 512ULL << 20);
  EXPECT_EQ(parse_bytes("4G"), 4ULL << 30);
  EXPECT_EQ(parse_bytes("4GiB"), 4ULL << 30);
  EXPECT_EQ(parse_bytes("4gb"), 4ULL << 30);
  EXPECT_EQ(parse_bytes("2k"), 2048U);
  EXPECT_EQ(parse_bytes("7B"), 7U);
  for (const char* bad : {"", "G", "-1", "+1", "1.5G", "4X", "4 G", "4IB", "99999999999999999999", "17179869184T"}) {
    EXPECT_FALSE(parse_bytes(bad).has_value()) << bad;
  }
}

}  // namespace
