// libFuzzer target: any bytes as one of compare's JSON inputs (a Google
// Benchmark file or a summary.json), then compared with itself and rendered.
//
// The contract: util::BadFile from the reader (naming the source), or
// compare::InputError naming the source, or a comparison; no other
// exception, no crash, no hang. A result compared with itself never
// regresses.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "compare/compare.hpp"
#include "util/json_input.hpp"

namespace {

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "compare_fuzzer: invariant broken: %s\n", what);
  std::abort();
}

void expect_named(const std::exception& e) {
  if (std::string_view(e.what()).rfind("fuzz.json", 0) != 0) broken("an error that does not name the file");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lrbench;
  nlohmann::json doc;
  try {
    doc = util::parse_json(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  } catch (const util::BadFile& e) {
    expect_named(e);
    return 0;
  }
  try {
    const compare::SpeedInput speed = compare::parse_speed(doc, "fuzz.json");
    if (!speed.benchmarks.empty()) {
      const compare::SpeedComparison c = compare::compare_speed(speed, speed);
      if (compare::has_regression(c)) broken("a speed input regresses against itself");
      static_cast<void>(compare::render_markdown(c, "a", "b"));
    }
  } catch (const compare::InputError& e) {
    expect_named(e);
  }
  try {
    compare::ConvergenceInput input;
    input.source = "fuzz.json";
    compare::add_summary(doc, "fuzz.json", input);
    if (!input.variants.empty()) {
      const compare::ConvergenceComparison c = compare::compare_convergence(input, input);
      if (compare::has_regression(c)) broken("a summary regresses against itself");
      static_cast<void>(compare::render_markdown(c, "a", "b"));
    }
  } catch (const compare::InputError& e) {
    expect_named(e);
  }
  return 0;
}
