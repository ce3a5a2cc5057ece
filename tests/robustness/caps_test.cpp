// Issue 10, item 12: what a plan costs is estimated before anything trains,
// and a plan over a cap is refused with the estimate, the cap and the flag.
#include "e2e.hpp"

namespace lrbench::e2e {
namespace {

std::string with_layers(const std::string& layers) {
  std::string text = read_file(kTiny);
  const std::string from = "    - {units: 16, activation: relu, init: he_uniform}";
  text.replace(text.find(from), from.size(), layers);
  return text;
}

TEST(Caps, TwoHundredThousandUnitLayersAreRefusedBeforeTraining) {
  const fs::path dir = fresh_dir("caps-params");
  write_file(dir / "huge.yaml", with_layers("    - {units: 100000, activation: relu}\n"
                                            "    - {units: 100000, activation: relu}"));
  // (2 + 1) × 100000 + (100000 + 1) × 100000 + (100000 + 1) × 3 = 10,000,700,003.
  expect_refused(dir / "huge.yaml", {"lrbench: error: tiny: the model of variant 'lr=0.1' has 10000700003 parameters, "
                                     "more than --max-parameters 100000000; shrink the model or raise "
                                     "--max-parameters"});
  fs::remove_all(dir);
}

TEST(Caps, EachCapHasAFlagThatLowersOrRaisesIt) {
  // tiny: (2 + 1) × 16 + (16 + 1) × 3 = 99 parameters; 200 rows × (2 × 4 + 4) bytes.
  expect_refused(kTiny, {"tiny: the model of variant 'lr=0.1' has 99 parameters, more than --max-parameters 98"},
                 " --max-parameters 98");
  expect_refused(kTiny, {"tiny: its datasets would hold about 2.3 KiB in memory at once (1 of 1 distinct dataset), "
                         "more than --max-data-memory 2.0 KiB"},
                 " --max-data-memory 2K");
  expect_refused(kTiny, {"more than --max-output 1.0 KiB; record less"}, " --max-output 1K");
  const fs::path out = fresh_dir("caps-ok");
  const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(out.string()) +
                               " --max-parameters 99 --max-data-memory 2400 --max-output 1M");
  EXPECT_EQ(r.status, 0) << r.output;
  fs::remove_all(out);
}

TEST(Caps, SizesAreCheckedAsValues) {
  for (const std::string& bad : {"0", "-1", "4X", "1.5G", "''"}) {
    const Result r = run_lrbench("run " + quote(kTiny.string()) + " --out " + quote(fresh_dir("caps-bad").string()) +
                                 " --max-output " + bad);
    EXPECT_EQ(r.status, 2) << bad << "\n" << r.output;
    EXPECT_NE(r.output.find("expected a size of at least 1 byte such as 512M or 4G"), std::string::npos) << r.output;
  }
}

}  // namespace
}  // namespace lrbench::e2e
