// Shared helpers for the report tests: hand-made records and scratch folders.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "report/summary.hpp"
#include "run/record.hpp"

namespace lrbench::testing {

// A record whose test accuracy follows `test_acc`; the other series are
// derived so every series has the same length.
inline run::RunRecord make_record(const std::string& label, std::size_t variant, std::uint64_t seed,
                                  std::vector<double> test_acc) {
  run::RunRecord r;
  r.id = label + "-" + std::to_string(seed);
  r.scenario = "synthetic";
  r.label = label;
  r.variant = variant;
  r.seed = seed;
  r.config = {{"data", {{"centers", 3}}}, {"optimizer", {{"name", "sgd"}, {"lr", 0.01}}}};
  for (std::size_t i = 0; i < test_acc.size(); ++i) {
    r.epochs.test_accuracy.push_back(test_acc[i]);
    r.epochs.train_accuracy.push_back(std::min(1.0, test_acc[i] + 0.02));
    r.epochs.test_loss.push_back(1.0 / static_cast<double>(i + 1));
    r.epochs.train_loss.push_back(0.9 / static_cast<double>(i + 1));
    r.epochs.lr.push_back(0.01);
  }
  r.wall_seconds = 0.5;
  return r;
}

// The plan of hand-made records: the run id make_record gives each variant
// label and seed of `meta`.
inline void set_run_ids(report::ScenarioMeta& meta) {
  meta.run_ids.assign(meta.variants.size(), {});
  for (std::size_t v = 0; v < meta.variants.size(); ++v)
    for (const std::uint64_t seed : meta.seeds) meta.run_ids[v].push_back(meta.variants[v] + "-" + std::to_string(seed));
}

// A fresh folder under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("lrbench-report-" + std::to_string(::getpid()) + "-" + info->test_suite_name() + "-" + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void spit(const std::filesystem::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
}

inline std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + needle.size())) ++n;
  return n;
}

}  // namespace lrbench::testing
