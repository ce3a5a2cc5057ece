// The rules are in pairwise.hpp.
#include "stats/pairwise.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "stats/descriptive.hpp"
#include "stats/holm.hpp"

namespace lrbench::stats {

namespace {

Verdict mirrored(Verdict v) noexcept {
  switch (v) {
    case Verdict::better: return Verdict::worse;
    case Verdict::worse: return Verdict::better;
    case Verdict::tie: return Verdict::tie;
  }
  return Verdict::tie;
}

// The verdict of i against j once the test is significant.
Verdict significant_verdict(const MannWhitneyResult& test, Direction direction) noexcept {
  const bool i_larger = test.u1 > test.u2;
  const bool i_better = direction == Direction::higher_is_better ? i_larger : !i_larger;
  return i_better ? Verdict::better : Verdict::worse;
}

}  // namespace

const char* to_string(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::better: return "better";
    case Verdict::worse: return "worse";
    case Verdict::tie: return "tie";
  }
  return "?";
}

std::size_t pair_index(std::size_t i, std::size_t j, std::size_t k) noexcept {
  return i * k - i * (i + 1) / 2 + (j - i - 1);
}

PairwiseComparison compare_pairwise(std::span<const std::vector<double>> scores, const PairwiseOptions& options) {
  if (!(options.alpha > 0.0 && options.alpha < 1.0)) {
    throw std::invalid_argument("pairwise comparison: alpha must be in (0, 1)");
  }
  const std::size_t k = scores.size();
  PairwiseComparison out;
  for (const std::vector<double>& s : scores) {
    if (s.empty()) throw std::invalid_argument("pairwise comparison: a contender has no scores");
    if (contains_nan(s)) {
      throw std::invalid_argument("pairwise comparison: a contender has a NaN score");
    }
    ContenderSummary c;
    c.n = s.size();
    c.mean = mean(s);
    c.standard_deviation = sample_standard_deviation(s);
    c.median = median(s);
    c.mean_interval = bootstrap_mean_interval(s, options.bootstrap);  // rejects NaN
    out.contenders.push_back(c);
  }

  std::vector<double> p_values;
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = i + 1; j < k; ++j) {
      PairResult pair;
      pair.first = i;
      pair.second = j;
      pair.test = mann_whitney_u(scores[i], scores[j]);
      pair.mean_difference = bootstrap_mean_difference_interval(scores[i], scores[j], options.bootstrap);
      p_values.push_back(pair.test.p);
      out.pairs.push_back(pair);
    }
  }

  const HolmResult holm = holm_bonferroni(p_values, options.alpha);
  for (std::size_t index = 0; index < out.pairs.size(); ++index) {
    PairResult& pair = out.pairs[index];
    pair.p_adjusted = holm.adjusted[index];
    pair.significant = holm.rejected[index];
    pair.verdict = pair.significant ? significant_verdict(pair.test, options.direction) : Verdict::tie;
    if (pair.verdict == Verdict::better) ++out.contenders[pair.second].rank;
    if (pair.verdict == Verdict::worse) ++out.contenders[pair.first].rank;
  }
  return out;
}

Verdict verdict_of(const PairwiseComparison& comparison, std::size_t i, std::size_t j) {
  const std::size_t k = comparison.contenders.size();
  if (i == j || i >= k || j >= k) throw std::invalid_argument("verdict_of: needs two different contenders");
  if (i < j) return comparison.pairs[pair_index(i, j, k)].verdict;
  return mirrored(comparison.pairs[pair_index(j, i, k)].verdict);
}

BootstrapInterval mean_difference_of(const PairwiseComparison& comparison, std::size_t i, std::size_t j) {
  const std::size_t k = comparison.contenders.size();
  if (i == j || i >= k || j >= k) throw std::invalid_argument("mean_difference_of: needs two different contenders");
  if (i < j) return comparison.pairs[pair_index(i, j, k)].mean_difference;
  const BootstrapInterval d = comparison.pairs[pair_index(j, i, k)].mean_difference;
  return {-d.estimate, -d.upper, -d.lower};
}

}  // namespace lrbench::stats
