#include <gtest/gtest.h>

#include "scenario/suggest.hpp"

namespace {

using lrbench::scenario::edit_distance;
using lrbench::scenario::nearest;
using lrbench::scenario::suggestion;

TEST(Suggest, Distance) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("epocs", "epochs"), 1u);
  EXPECT_EQ(edit_distance("sdg", "sgd"), 1u);  // a swap costs one
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("Adam", "adam"), 0u);
}

TEST(Suggest, Nearest) {
  const std::vector<std::string> keys = {"epochs", "batch_size", "shuffle"};
  EXPECT_EQ(nearest("epocs", keys), "epochs");
  EXPECT_EQ(nearest("batchsize", keys), "batch_size");
  EXPECT_FALSE(nearest("zzz", keys).has_value());
  EXPECT_FALSE(nearest("epochs", keys).has_value());  // exact match is not a typo
}

TEST(Suggest, Message) {
  EXPECT_EQ(suggestion("lrr", {"name", "lr", "params"}), "; did you mean 'lr'?");
  EXPECT_EQ(suggestion("qqqqq", {"name", "lr"}), "; expected one of: name, lr");
  EXPECT_EQ(suggestion("qqqqq", {}), "");
}

}  // namespace
