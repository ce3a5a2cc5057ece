// Accuracy of lrbench/math.hpp in ulp, against the C library's long double
// functions (x86-64: 64-bit significands, so the reference itself is good to
// about 2^-11 ulp of a double), and its special values. The table below is
// the one docs/math.md publishes; a test checks that they agree.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "lrbench/math.hpp"

namespace {

namespace m = lrbench::math;

// The ulp of the precision P at the magnitude of `ref` (subnormals: the
// smallest exponent).
template <class P>
long double ulp_at(long double ref) {
  int e = 0;
  std::frexp(static_cast<double>(ref), &e);  // |ref| in [2^(e-1), 2^e)
  e = std::max(e, std::numeric_limits<P>::min_exponent);
  return std::ldexp(1.0L, e - std::numeric_limits<P>::digits);
}

struct Row {
  std::string function;   // as documented, e.g. "pow(x, 2.5)"
  std::string precision;  // "float" | "double"
  double low;
  double high;
  bool log_scale;         // arguments log-uniform (positive ranges)
  double bound;           // documented maximum error, ulp
  std::function<double(double, double&)> measure;  // argument -> ulp error; sets the argument used
};

template <class P>
std::function<double(double, double&)> error_of(std::function<P(P)> f, std::function<long double(long double)> ref) {
  return [f, ref](double argument, double& used) {
    const P x = static_cast<P>(argument);
    used = static_cast<double>(x);
    const long double want = ref(static_cast<long double>(x));
    const P got = f(x);
    if (std::isnan(want) || std::isnan(got)) return std::isnan(want) && std::isnan(got) ? 0.0 : 1e9;
    if (std::isinf(want) || std::isinf(got)) {
      // An overflow at the threshold: the float result of a value just above
      // the largest finite number. Counts as exact when the rounded reference is inf too.
      return static_cast<long double>(got) == static_cast<long double>(static_cast<P>(want)) ? 0.0 : 1e9;
    }
    return static_cast<double>(std::fabs(static_cast<long double>(got) - want) / ulp_at<P>(want));
  };
}

const std::vector<Row>& rows() {
  using F = std::function<float(float)>;
  using D = std::function<double(double)>;
  using L = std::function<long double(long double)>;
  static const std::vector<Row> table = {
      {"exp", "float", -103.9, 88.7, false, 1.0, error_of<float>(F([](float x) { return m::exp(x); }), L([](long double x) { return expl(x); }))},
      {"expm1", "float", -20, 20, false, 2.0, error_of<float>(F([](float x) { return m::expm1(x); }), L([](long double x) { return expm1l(x); }))},
      {"expm1", "float", -1, 1, false, 2.0, error_of<float>(F([](float x) { return m::expm1(x); }), L([](long double x) { return expm1l(x); }))},
      {"log", "float", 1e-44, 3e38, true, 1.0, error_of<float>(F([](float x) { return m::log(x); }), L([](long double x) { return logl(x); }))},
      {"log", "float", 0.5, 2, false, 1.0, error_of<float>(F([](float x) { return m::log(x); }), L([](long double x) { return logl(x); }))},
      {"pow(x, 2.5)", "float", 0, 1e15, false, 0.51, error_of<float>(F([](float x) { return m::pow(x, 2.5F); }), L([](long double x) { return powl(x, 2.5L); }))},
      {"sin", "float", -100, 100, false, 0.51, error_of<float>(F([](float x) { return m::sin(x); }), L([](long double x) { return sinl(x); }))},
      {"cos", "float", -100, 100, false, 0.51, error_of<float>(F([](float x) { return m::cos(x); }), L([](long double x) { return cosl(x); }))},
      {"tanh", "float", -10, 10, false, 2.5, error_of<float>(F([](float x) { return m::tanh(x); }), L([](long double x) { return tanhl(x); }))},
      {"sigmoid", "float", -30, 30, false, 2.5, error_of<float>(F([](float x) { return m::sigmoid(x); }), L([](long double x) { return 1.0L / (1.0L + expl(-x)); }))},
      {"erf", "float", -5, 5, false, 3.0, error_of<float>(F([](float x) { return m::erf(x); }), L([](long double x) { return erfl(x); }))},
      {"exp", "double", -708.3, 709.7, false, 0.51, error_of<double>(D([](double x) { return m::exp(x); }), L([](long double x) { return expl(x); }))},
      {"exp (subnormal results)", "double", -745, -708.4, false, 1.0, error_of<double>(D([](double x) { return m::exp(x); }), L([](long double x) { return expl(x); }))},
      {"expm1", "double", -40, 40, false, 1.6, error_of<double>(D([](double x) { return m::expm1(x); }), L([](long double x) { return expm1l(x); }))},
      {"expm1", "double", -1, 1, false, 1.6, error_of<double>(D([](double x) { return m::expm1(x); }), L([](long double x) { return expm1l(x); }))},
      {"log", "double", 1e-310, 1e308, true, 0.51, error_of<double>(D([](double x) { return m::log(x); }), L([](long double x) { return logl(x); }))},
      {"log", "double", 0.5, 2, false, 0.51, error_of<double>(D([](double x) { return m::log(x); }), L([](long double x) { return logl(x); }))},
      {"pow(x, 2.5)", "double", 0, 1e100, false, 0.51, error_of<double>(D([](double x) { return m::pow(x, 2.5); }), L([](long double x) { return powl(x, 2.5L); }))},
      {"pow(0.999, t)", "double", 0, 7e5, false, 0.51, error_of<double>(D([](double t) { return m::pow(0.999, t); }), L([](long double t) { return powl(static_cast<long double>(0.999), t); }))},
      {"pow(x, -7.3)", "double", 1e-40, 1e40, true, 0.51, error_of<double>(D([](double x) { return m::pow(x, -7.3); }), L([](long double x) { return powl(x, static_cast<long double>(-7.3)); }))},
      {"sin", "double", -1e5, 1e5, false, 0.51, error_of<double>(D([](double x) { return m::sin(x); }), L([](long double x) { return sinl(x); }))},
      {"cos", "double", -1e5, 1e5, false, 0.51, error_of<double>(D([](double x) { return m::cos(x); }), L([](long double x) { return cosl(x); }))},
      {"tanh", "double", -20, 20, false, 2.5, error_of<double>(D([](double x) { return m::tanh(x); }), L([](long double x) { return tanhl(x); }))},
      {"sigmoid", "double", -700, 700, false, 2.5, error_of<double>(D([](double x) { return m::sigmoid(x); }), L([](long double x) { return 1.0L / (1.0L + expl(-x)); }))},
      {"erf", "double", -6, 6, false, 2.0, error_of<double>(D([](double x) { return m::erf(x); }), L([](long double x) { return erfl(x); }))},
  };
  return table;
}

std::string table_line(const Row& r) {
  return fmt::format("| `{}` | {} | [{:g}, {:g}]{} | {:g} |", r.function, r.precision, r.low, r.high,
                     r.log_scale ? " (log-uniform)" : "", r.bound);
}

TEST(MathAccuracy, EveryFunctionIsWithinItsDocumentedBound) {
  constexpr int kSamples = 200000;
  for (const Row& r : rows()) {
    std::mt19937_64 gen(2024);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    double worst = 0.0;
    double worst_at = 0.0;
    for (int i = 0; i < kSamples; ++i) {
      const double t = u(gen);
      const double x = r.log_scale ? std::exp(std::log(r.low) + t * (std::log(r.high) - std::log(r.low)))
                                   : r.low + t * (r.high - r.low);
      double used = 0.0;
      const double err = r.measure(x, used);
      if (err > worst) {
        worst = err;
        worst_at = used;
      }
    }
    EXPECT_LE(worst, r.bound) << table_line(r) << " measured " << worst << " ulp at " << worst_at;
    std::cout << fmt::format("{:<60} measured max {:.4f} ulp\n", table_line(r), worst);
  }
}

TEST(MathAccuracy, DocsPublishTheTestedBounds) {
  std::ifstream in(std::string(LRBENCH_SOURCE_DIR) + "/docs/math.md");
  ASSERT_TRUE(in) << "docs/math.md";
  std::stringstream text;
  text << in.rdbuf();
  for (const Row& r : rows()) EXPECT_NE(text.str().find(table_line(r)), std::string::npos) << table_line(r);
}

template <class T>
bool same(T a, T b) {
  return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
}

template <class T>
void expect_special_values() {
  constexpr T inf = std::numeric_limits<T>::infinity();
  constexpr T nan = std::numeric_limits<T>::quiet_NaN();
  const T zero = 0;
  const T one = 1;
  EXPECT_TRUE(same(m::exp(zero), one));
  EXPECT_TRUE(same(m::exp(inf), inf));
  EXPECT_TRUE(same(m::exp(-inf), zero));
  EXPECT_TRUE(same(m::exp(nan), nan));
  EXPECT_TRUE(same(m::exp(T(1000)), inf));
  EXPECT_TRUE(same(m::exp(T(-1000)), zero));
  EXPECT_TRUE(same(m::expm1(zero), zero));
  EXPECT_TRUE(same(m::expm1(-zero), -zero));
  EXPECT_TRUE(same(m::expm1(-inf), -one));
  EXPECT_TRUE(same(m::expm1(inf), inf));
  EXPECT_TRUE(same(m::log(one), zero));
  EXPECT_TRUE(same(m::log(zero), -inf));
  EXPECT_TRUE(same(m::log(-zero), -inf));
  EXPECT_TRUE(same(m::log(-one), nan));
  EXPECT_TRUE(same(m::log(inf), inf));
  EXPECT_TRUE(same(m::log(nan), nan));
  EXPECT_TRUE(same(m::log(std::numeric_limits<T>::denorm_min()),
                   static_cast<T>(std::log(static_cast<long double>(std::numeric_limits<T>::denorm_min())))));
  EXPECT_TRUE(same(m::sin(zero), zero));
  EXPECT_TRUE(same(m::sin(-zero), -zero));
  EXPECT_TRUE(same(m::cos(zero), one));
  EXPECT_TRUE(same(m::sin(inf), nan));
  EXPECT_TRUE(same(m::cos(nan), nan));
  EXPECT_TRUE(same(m::tanh(zero), zero));
  EXPECT_TRUE(same(m::tanh(-zero), -zero));
  EXPECT_TRUE(same(m::tanh(inf), one));
  EXPECT_TRUE(same(m::tanh(-inf), -one));
  EXPECT_TRUE(same(m::tanh(nan), nan));
  EXPECT_TRUE(same(m::sigmoid(zero), T(0.5)));
  EXPECT_TRUE(same(m::sigmoid(inf), one));
  EXPECT_TRUE(same(m::sigmoid(-inf), zero));
  EXPECT_TRUE(same(m::erf(zero), zero));
  EXPECT_TRUE(same(m::erf(-zero), -zero));
  EXPECT_TRUE(same(m::erf(inf), one));
  EXPECT_TRUE(same(m::erf(-inf), -one));
  EXPECT_TRUE(same(m::erf(nan), nan));
}

TEST(MathSpecialValues, FloatAndDouble) {
  expect_special_values<float>();
  expect_special_values<double>();
}

// C99 Annex F.9.4.4, the cases a schedule or optimizer can meet.
TEST(MathSpecialValues, PowFollowsC99AnnexF) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(same(m::pow(nan, 0.0), 1.0));
  EXPECT_TRUE(same(m::pow(1.0, nan), 1.0));
  EXPECT_TRUE(same(m::pow(2.0, nan), nan));
  EXPECT_TRUE(same(m::pow(0.0, 3.0), 0.0));
  EXPECT_TRUE(same(m::pow(-0.0, 3.0), -0.0));
  EXPECT_TRUE(same(m::pow(-0.0, 2.0), 0.0));
  EXPECT_TRUE(same(m::pow(0.0, -1.0), inf));
  EXPECT_TRUE(same(m::pow(-0.0, -1.0), -inf));
  EXPECT_TRUE(same(m::pow(-2.0, 3.0), -8.0));
  EXPECT_TRUE(same(m::pow(-2.0, 2.0), 4.0));
  EXPECT_TRUE(same(m::pow(-2.0, 0.5), nan));
  EXPECT_TRUE(same(m::pow(-1.0, inf), 1.0));
  EXPECT_TRUE(same(m::pow(0.5, inf), 0.0));
  EXPECT_TRUE(same(m::pow(0.5, -inf), inf));
  EXPECT_TRUE(same(m::pow(2.0, inf), inf));
  EXPECT_TRUE(same(m::pow(inf, -2.0), 0.0));
  EXPECT_TRUE(same(m::pow(-inf, 3.0), -inf));
  EXPECT_TRUE(same(m::pow(2.0, 1024.0), inf));
  EXPECT_TRUE(same(m::pow(2.0, -1075.0), 0.0));
  // Exact cases stay exact.
  EXPECT_EQ(m::pow(2.0, 10.0), 1024.0);
  EXPECT_EQ(m::pow(0.5, 3.0), 0.125);
  EXPECT_EQ(m::pow(10.0, 2.0), 100.0);
  EXPECT_EQ(m::pow(0.1, 1.0), 0.1);
  EXPECT_EQ(m::pow(4.0, 0.5), 2.0);
}

}  // namespace
