// No result of lrbench may depend on the C library's transcendental
// functions or on Eigen's ISA-dependent reductions and vectorised math: a
// scan of the sources (framework/src and plugins/) for calls that would
// bring them back. Deterministic replacements live in lrbench/math.hpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kSource = LRBENCH_SOURCE_DIR;

// Files whose use of these functions only formats text and figures, or
// computes statistics over finished runs, never a number a run records: the
// reports' axes and tick labels, the p-values `compare` computes from
// benchmark timings, and the statistics library (p-values, intervals).
const std::set<std::string> kAllowed = {
    "framework/src/report/",
    "framework/src/compare/mann_whitney.cpp",
    "framework/src/stats/",
};

// Where Eigen's reductions and vectorised functions would change results
// with the instruction set (the model, data, training and the plugins).
const std::vector<std::string> kResultPaths = {"framework/src/model/", "framework/src/data/", "framework/src/run/",
                                               "framework/src/util/", "plugins/"};

const std::vector<std::string> kLibm = {"exp",   "exp2",  "expm1", "log",   "log2",   "log10", "log1p",
                                        "pow",   "sin",   "cos",   "tan",   "asin",   "acos",  "atan",
                                        "atan2", "sinh",  "cosh",  "tanh",  "asinh",  "acosh", "atanh",
                                        "erf",   "erfc",  "tgamma", "lgamma", "cbrt", "hypot"};
const std::vector<std::string> kEigen = {"exp",  "log",         "tanh", "pow",  "sin",   "cos",   "sum",
                                         "norm", "squaredNorm", "mean", "prod", "dot",   "redux", "lpNorm"};

// The source without comments (// to the end of the line, /* ... */).
std::string strip_comments(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "//") == 0) {
      while (i < text.size() && text[i] != '\n') ++i;
      out += '\n';
    } else if (text.compare(i, 2, "/*") == 0) {
      const std::size_t end = text.find("*/", i + 2);
      for (std::size_t j = i; j < (end == std::string::npos ? text.size() : end + 2); ++j) {
        if (text[j] == '\n') out += '\n';
      }
      i = end == std::string::npos ? text.size() : end + 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

struct Finding {
  std::string where;
  std::string call;
};

// Calls `name(` (optionally name + f/l) in `code` that are not lrbench::math's:
// preceded by nothing, `std::` or `::`, or (member) by `.` / `->`.
std::vector<Finding> calls(const std::string& file, const std::string& code, const std::vector<std::string>& names,
                           bool members) {
  std::vector<Finding> found;
  for (const std::string& base : names) {
    for (const std::string& name : {base, base + "f", base + "l"}) {
      for (std::size_t at = code.find(name); at != std::string::npos; at = code.find(name, at + 1)) {
        if (at > 0 && identifier_char(code[at - 1])) continue;
        std::size_t after = at + name.size();
        if (after < code.size() && identifier_char(code[after])) continue;
        while (after < code.size() && code[after] == ' ') ++after;
        if (after >= code.size() || code[after] != '(') continue;
        const std::string before = code.substr(at >= 16 ? at - 16 : 0, at >= 16 ? 16 : at);
        const bool member = (!before.empty() && before.back() == '.') ||
                            (before.size() >= 2 && before.compare(before.size() - 2, 2, "->") == 0);
        const bool qualified = before.size() >= 2 && before.compare(before.size() - 2, 2, "::") == 0;
        const bool std_or_global = qualified && (before.size() < 3 || !identifier_char(before[before.size() - 3]) ||
                                                 (before.size() >= 5 && before.compare(before.size() - 5, 5, "std::") == 0));
        const bool hit = members ? member : (!member && (!qualified || std_or_global));
        if (!hit) continue;
        const auto line = 1 + std::count(code.begin(), code.begin() + static_cast<std::ptrdiff_t>(at), '\n');
        found.push_back({file + ":" + std::to_string(line), (member ? "." : "") + name + "("});
      }
    }
  }
  return found;
}

std::vector<std::pair<std::string, std::string>> sources() {
  std::vector<std::pair<std::string, std::string>> files;
  for (const char* root : {"framework/src", "plugins"}) {
    for (const auto& entry : fs::recursive_directory_iterator(kSource / root)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp" && ext != ".h")) continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      files.emplace_back(fs::relative(entry.path(), kSource).generic_string(), strip_comments(text.str()));
    }
  }
  return files;
}

bool starts_with_any(const std::string& path, const auto& prefixes) {
  for (const std::string& p : prefixes) {
    if (path.rfind(p, 0) == 0) return true;
  }
  return false;
}

TEST(LibmScan, NoTranscendentalLibmCallOutsideTheAllowList) {
  std::vector<Finding> all;
  int scanned = 0;
  for (const auto& [path, code] : sources()) {
    ++scanned;
    if (starts_with_any(path, kAllowed)) continue;
    for (const Finding& f : calls(path, code, kLibm, false)) all.push_back(f);
  }
  EXPECT_GT(scanned, 50);  // the scan found the sources
  for (const Finding& f : all) {
    ADD_FAILURE() << f.where << ": " << f.call << " from the C library; use lrbench::math (lrbench/math.hpp)";
  }
}

TEST(LibmScan, NoEigenReductionOrVectorisedMathInResultPaths) {
  for (const auto& [path, code] : sources()) {
    if (!starts_with_any(path, kResultPaths)) continue;
    for (const Finding& f : calls(path, code, kEigen, true)) {
      ADD_FAILURE() << f.where << ": Eigen's " << f.call
                    << " rounds differently per instruction set; use lrbench::math's fixed-order reductions or "
                       "lane functions";
    }
  }
}

// The scan itself: it must see what it is looking for.
TEST(LibmScan, RecognisesTheCallsItForbids) {
  const std::string code = strip_comments(
      "double a = std::exp(x); float b = logf(y); auto c = ::pow(2.0, t);\n"
      "auto d = v.array().tanh(); auto e = m.colwise().sum(); // std::cos(z) in a comment\n"
      "auto f = math::exp(x) + lrbench::math::log(y) + exp_lanes(v) + my_log(z);\n");
  const auto libm = calls("t.cpp", code, kLibm, false);
  ASSERT_EQ(libm.size(), 3U);
  EXPECT_EQ(libm[0].call, "exp(");
  const auto eigen = calls("t.cpp", code, kEigen, true);
  ASSERT_EQ(eigen.size(), 2U);
}

}  // namespace
