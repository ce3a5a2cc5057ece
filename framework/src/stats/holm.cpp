// The procedure is in holm.hpp.
#include "stats/holm.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace lrbench::stats {

HolmResult holm_bonferroni(std::span<const double> p_values, double alpha) {
  if (!(alpha > 0.0 && alpha < 1.0)) throw std::invalid_argument("Holm-Bonferroni: alpha must be in (0, 1)");
  for (double p : p_values) {
    if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("Holm-Bonferroni: p-values must be in [0, 1]");
  }
  const std::size_t m = p_values.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t l, std::size_t r) { return p_values[l] < p_values[r]; });

  HolmResult out;
  out.adjusted.assign(m, 1.0);
  out.rejected.assign(m, false);
  double running_max = 0.0;
  for (std::size_t rank = 0; rank < m; ++rank) {  // rank = i − 1
    const std::size_t index = order[rank];
    const double scaled = std::min(1.0, static_cast<double>(m - rank) * p_values[index]);
    running_max = std::max(running_max, scaled);
    out.adjusted[index] = running_max;
    out.rejected[index] = running_max <= alpha;
  }
  return out;
}

}  // namespace lrbench::stats
