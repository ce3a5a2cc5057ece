// The two-shape and spiral generators: circles (and any generator a golden
// file names) against scikit-learn's output, spirals by their construction.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/dataset.hpp"
#include "data/generators.hpp"
#include "data/references.hpp"

namespace lrbench::data {
namespace {

namespace fs = std::filesystem;

nlohmann::json golden(const std::string& name) {
  std::ifstream in(fs::path(LRBENCH_TEST_DATA_DIR) / "golden" / name);
  return nlohmann::json::parse(in);
}

// Every case of a golden data file, within the file's tolerance (its
// scikit-learn computed cos and sin with numpy's AVX-512 SVML, up to 3 ulp
// from the C library's; with the C library's they agree bit for bit).
void expect_matches(const std::string& file, const std::string& generator) {
  const nlohmann::json doc = golden(file);
  const double atol = doc["tolerance"]["atol"].get<double>();
  ASSERT_GE(doc["cases"].size(), 6u);
  for (std::size_t i = 0; i < doc["cases"].size(); ++i) {
    const nlohmann::json& c = doc["cases"][i];
    ASSERT_EQ(c["generator"], generator);
    const ReferenceRun run = run_reference_case(c, "cases[" + std::to_string(i) + "]");
    SCOPED_TRACE(run.name);
    ASSERT_EQ(static_cast<std::size_t>(run.points.n_samples), c["X"].size());
    for (std::size_t r = 0; r < c["X"].size(); ++r) {
      ASSERT_EQ(run.points.y[r], c["y"][r].get<int>()) << "row " << r;
      for (std::size_t f = 0; f < 2; ++f) {
        ASSERT_NEAR(run.points.X[2 * r + f], c["X"][r][f].get<double>(), atol) << "row " << r << " feature " << f;
      }
    }
  }
}

TEST(MakeCircles, MatchesScikitLearn) { expect_matches("circles.json", "circles"); }

TEST(MakeMoons, MatchesScikitLearn) { expect_matches("moons.json", "moons"); }

TEST(MakeCircles, ClassesSitOnTheirCirclesWithoutNoise) {
  CirclesSpec spec;
  spec.n_samples_out = 40;
  spec.n_samples_in = 41;
  spec.factor = 0.3;
  const Points p = make_circles(spec);
  std::map<int, int> counts;
  for (int r = 0; r < p.n_samples; ++r) {
    const double radius = std::hypot(p.X[2 * r], p.X[2 * r + 1]);
    EXPECT_NEAR(radius, p.y[r] == 0 ? 1.0 : 0.3, 1e-12);
    ++counts[p.y[r]];
  }
  EXPECT_EQ(counts[0], 40);
  EXPECT_EQ(counts[1], 41);
  EXPECT_THROW((void)make_circles(CirclesSpec{50, 50, 0.0, 1.0, true, 0}), std::invalid_argument);
}

TEST(MakeCircles, UnknownGeneratorInAGoldenCaseIsNamed) {
  nlohmann::json c = {{"generator", "squares"}, {"params", {{"n_samples", 10}}}};
  try {
    (void)run_reference_case(c, "cases[0]");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cases[0].generator: unknown generator 'squares'; expected one of blobs"),
              std::string::npos)
        << e.what();
  }
}

TEST(MakeSpirals, ArmsAreClassesSpreadFromTheCentreToTheUnitCircle) {
  SpiralsSpec spec;
  spec.n_samples = 301;
  spec.arms = 3;
  spec.turns = 1.5;
  spec.shuffle = false;
  const Points p = make_spirals(spec);
  ASSERT_EQ(p.n_samples, 301);
  std::map<int, int> counts;
  for (int r = 0; r < p.n_samples; ++r) ++counts[p.y[r]];
  EXPECT_EQ(counts, (std::map<int, int>{{0, 101}, {1, 100}, {2, 100}}));
  // Arm a's last point lies on the unit circle at angle 2π(turns + a/3).
  int first = 0;
  for (int a = 0; a < 3; ++a) {
    const int last = first + counts[a] - 1;
    const double angle = 2 * M_PI * (1.5 + a / 3.0);
    EXPECT_NEAR(p.X[2 * last], std::cos(angle), 1e-12);
    EXPECT_NEAR(p.X[2 * last + 1], std::sin(angle), 1e-12);
    EXPECT_NEAR(std::hypot(p.X[2 * first], p.X[2 * first + 1]), 1.0 / counts[a], 1e-12);
    first = last + 1;
  }
}

TEST(MakeSpirals, NoiseAndShuffleFollowRandomStateOnly) {
  SpiralsSpec spec;
  spec.noise = 0.1;
  const Points a = make_spirals(spec);
  EXPECT_EQ(make_spirals(spec).X, a.X);
  spec.random_state = 1;
  EXPECT_NE(make_spirals(spec).X, a.X);
  // Shuffling permutes rows: the same multiset of labels.
  spec.shuffle = false;
  const Points plain = make_spirals(spec);
  std::map<int, int> shuffled_counts, plain_counts;
  for (int r = 0; r < a.n_samples; ++r) ++shuffled_counts[a.y[r]], ++plain_counts[plain.y[r]];
  EXPECT_EQ(shuffled_counts, plain_counts);
  EXPECT_THROW((void)make_spirals(SpiralsSpec{2, 3, 1.0, 0.0, true, 0}), std::invalid_argument);
}

TEST(Load, CirclesAndSpiralsBecomeDatasets) {
  SplitSpec split;
  split.train = Amount{false, 80, 0.0};
  const Dataset circles = load(DataSpec{CirclesSpec{}, split});
  EXPECT_EQ(circles.num_classes, 2);
  EXPECT_EQ(circles.train.num_samples(), 80);
  EXPECT_EQ(circles.test.num_samples(), 20);
  const Dataset spirals = load(DataSpec{SpiralsSpec{}, split});
  EXPECT_EQ(spirals.num_classes, 3);
  EXPECT_EQ(spirals.feature_names, (std::vector<std::string>{"x0", "x1"}));
}

}  // namespace
}  // namespace lrbench::data
