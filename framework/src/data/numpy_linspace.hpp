// numpy.linspace(start, stop, num, endpoint) for float64, as numpy 1.24's
// function_base.linspace computes it (internal): y = arange(num) · step +
// start with step = (stop − start) / div, div = num − 1 with the endpoint
// and num without; the last value set to `stop` exactly with the endpoint.
// (A zero step, from denormal ranges, divides first: y = arange / div · delta.)
#pragma once

#include <vector>

namespace lrbench::data::numpy {

[[nodiscard]] inline std::vector<double> linspace(double start, double stop, int num, bool endpoint) {
  std::vector<double> y(num > 0 ? static_cast<std::size_t>(num) : 0);
  const int div = endpoint ? num - 1 : num;
  const double delta = stop - start;
  for (int i = 0; i < num; ++i) {
    double v = static_cast<double>(i);
    if (div > 0) {
      const double step = delta / div;
      v = step == 0.0 ? v / div * delta : v * step;
    } else {
      v = v * delta;
    }
    y[static_cast<std::size_t>(i)] = v + start;
  }
  if (endpoint && num > 1) y.back() = stop;
  return y;
}

}  // namespace lrbench::data::numpy
