// The readers of each kind of data.
#include "scenario/data_kinds.hpp"

#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "scenario/limits.hpp"

namespace lrbench::scenario {
namespace {

using tree::Node;

// `random_state`: numpy's RandomState takes a 32-bit seed.
std::optional<std::uint32_t> random_state(Reader& r, const Node& m, const std::string& path) {
  const Node* n = Reader::get(m, "random_state");
  if (n == nullptr) return 0;
  if (auto v = r.integer(*n, join_key(path, "random_state"), at_least(0, 4294967295.0))) {
    return static_cast<std::uint32_t>(*v);
  }
  return std::nullopt;
}

KindRead read_blobs(Reader& r, const Node& m) {
  const std::string path = "data";
  const std::size_t before = r.errors();
  KindRead out;
  data::BlobsSpec b;
  b.n_samples = 1000;
  if (const Node* n = Reader::get(m, "generator")) {
    if (auto v = r.word(*n, join_key(path, "generator"), data::kBlobsGeneratorNames)) b.generator = *v;
  }
  bool samples_ok = true;
  bool features_ok = true;
  if (const Node* n = Reader::get(m, "n_samples")) {
    if (auto v = r.integer(*n, join_key(path, "n_samples"), at_least(2, limits::kMaxSamples))) {
      b.n_samples = static_cast<int>(*v);
    } else {
      samples_ok = false;
    }
  }
  bool centers_ok = true;
  if (const Node* n = Reader::get(m, "centers")) {
    if (auto v = r.integer(*n, join_key(path, "centers"), at_least(2, limits::kMaxCenters))) {
      b.centers = static_cast<int>(*v);
    } else {
      centers_ok = false;
    }
  }
  if (centers_ok) out.classes = b.centers;
  if (const Node* n = Reader::get(m, "n_features")) {
    if (auto v = r.integer(*n, join_key(path, "n_features"), at_least(1, limits::kMaxFeatures))) {
      b.n_features = static_cast<int>(*v);
    } else {
      features_ok = false;
    }
  }
  if (samples_ok && features_ok && static_cast<std::int64_t>(b.n_samples) * b.n_features > limits::kMaxValues) {
    const Node* n = Reader::get(m, "n_samples");
    r.error(n ? n->mark : m.mark, join_key(path, "n_samples"),
            fmt::format("n_samples × n_features = {} values, more than the limit of {}",
                        static_cast<std::int64_t>(b.n_samples) * b.n_features, limits::kMaxValues));
  }
  if (const Node* n = Reader::get(m, "cluster_std")) {
    if (auto v = r.number(*n, join_key(path, "cluster_std"), above(0))) b.cluster_std = *v;
  }
  if (const Node* n = Reader::get(m, "center_box")) {
    const std::string p = join_key(path, "center_box");
    if (!n->is_sequence() || n->items.size() != 2) {
      r.error(n->mark, p,
              "expected two numbers [low, high], found " +
                  (n->is_sequence() ? fmt::format("a list of {}", n->items.size()) : describe(*n)));
    } else {
      auto lo = r.number(*n->items[0], join_key(p, "0"), Range{});
      auto hi = r.number(*n->items[1], join_key(p, "1"), Range{});
      if (lo && hi) {
        if (!std::isfinite(*hi - *lo)) {
          // Centres are drawn as low + (high − low) u: an infinite width
          // makes every centre infinite or NaN.
          r.error(n->mark, p,
                  fmt::format("high − low must be a finite number, found [{}, {}]; use a narrower box",
                              n->items[0]->text, n->items[1]->text));
        } else if (*lo < *hi) {
          b.center_box_low = *lo;
          b.center_box_high = *hi;
        } else {
          r.error(n->mark, p,
                  fmt::format("low must be less than high, found [{}, {}]", n->items[0]->text, n->items[1]->text));
        }
      }
    }
  }
  if (const Node* n = Reader::get(m, "shuffle")) {
    if (auto v = r.boolean(*n, join_key(path, "shuffle"))) b.shuffle = *v;
  }
  if (auto seed = random_state(r, m, path)) b.random_state = *seed;
  if (samples_ok) {
    out.rows = b.n_samples;
    out.rows_origin = fmt::format("n_samples is {}", b.n_samples);
  }
  if (r.errors() == before) {
    out.source = b;
    out.shape = data::shape(*out.source);
  }
  return out;
}

// `noise`: the std of Gaussian noise added to every coordinate, 0 for none.
double read_noise(Reader& r, const Node& m, const std::string& path, bool& ok) {
  const Node* n = Reader::get(m, "noise");
  if (n == nullptr || n->is_null()) return 0.0;  // sklearn's noise=None
  if (auto v = r.number(*n, join_key(path, "noise"), at_least(0, 1e6))) return *v;
  ok = false;
  return 0.0;
}

bool read_shuffle(Reader& r, const Node& m, const std::string& path, bool& ok) {
  const Node* n = Reader::get(m, "shuffle");
  if (n == nullptr) return true;
  if (auto v = r.boolean(*n, join_key(path, "shuffle"))) return *v;
  ok = false;
  return true;
}

// n_samples as scikit-learn's two-shape generators take it: an integer n
// (n // 2 on the first shape, the rest on the second) or [first, second].
std::optional<std::pair<int, int>> read_two_counts(Reader& r, const Node& m, const std::string& path, int fallback) {
  const Node* n = Reader::get(m, "n_samples");
  if (n == nullptr) return std::pair{fallback / 2, fallback - fallback / 2};
  const std::string p = join_key(path, "n_samples");
  if (n->is_sequence()) {
    if (n->items.size() != 2) {
      r.error(n->mark, p, fmt::format("expected an integer or two integers [outer, inner], found a list of {}",
                                      n->items.size()));
      return std::nullopt;
    }
    auto out = r.integer(*n->items[0], join_key(p, "0"), at_least(1, limits::kMaxSamples));
    auto in = r.integer(*n->items[1], join_key(p, "1"), at_least(1, limits::kMaxSamples));
    if (!out || !in) return std::nullopt;
    return std::pair{static_cast<int>(*out), static_cast<int>(*in)};
  }
  auto v = r.integer(*n, p, at_least(2, limits::kMaxSamples));
  if (!v) return std::nullopt;
  const int total = static_cast<int>(*v);
  return std::pair{total / 2, total - total / 2};
}

// What every generated kind reports once its keys are read.
void generated_facts(KindRead& out, std::optional<std::int64_t> rows, bool ok, data::DataSource source) {
  if (rows) {
    out.rows = *rows;
    out.rows_origin = fmt::format("n_samples is {}", *rows);
  }
  if (ok) {
    out.source = std::move(source);
    out.shape = data::shape(*out.source);
  }
}

KindRead read_circles(Reader& r, const Node& m) {
  const std::string path = "data";
  const std::size_t before = r.errors();
  KindRead out;
  out.classes = 2;
  data::CirclesSpec c;
  bool ok = true;
  const auto counts = read_two_counts(r, m, path, 100);
  if (counts) std::tie(c.n_samples_out, c.n_samples_in) = *counts;
  c.noise = read_noise(r, m, path, ok);
  if (const Node* n = Reader::get(m, "factor")) {
    if (auto v = r.number(*n, join_key(path, "factor"), Range{0, 1, false, true})) c.factor = *v;
  }
  c.shuffle = read_shuffle(r, m, path, ok);
  if (auto seed = random_state(r, m, path)) c.random_state = *seed;
  generated_facts(out, counts ? std::optional<std::int64_t>(counts->first + counts->second) : std::nullopt,
                  r.errors() == before, c);
  return out;
}

KindRead read_moons(Reader& r, const Node& m) {
  const std::string path = "data";
  const std::size_t before = r.errors();
  KindRead out;
  out.classes = 2;
  data::MoonsSpec s;
  bool ok = true;
  const auto counts = read_two_counts(r, m, path, 100);
  if (counts) std::tie(s.n_samples_out, s.n_samples_in) = *counts;
  s.noise = read_noise(r, m, path, ok);
  s.shuffle = read_shuffle(r, m, path, ok);
  if (auto seed = random_state(r, m, path)) s.random_state = *seed;
  generated_facts(out, counts ? std::optional<std::int64_t>(counts->first + counts->second) : std::nullopt,
                  r.errors() == before, s);
  return out;
}

KindRead read_spirals(Reader& r, const Node& m) {
  const std::string path = "data";
  const std::size_t before = r.errors();
  KindRead out;
  data::SpiralsSpec s;
  bool ok = true;
  std::optional<std::int64_t> rows = s.n_samples;
  if (const Node* n = Reader::get(m, "n_samples")) {
    rows = r.integer(*n, join_key(path, "n_samples"), at_least(2, limits::kMaxSamples));
    if (rows) s.n_samples = static_cast<int>(*rows);
  }
  if (const Node* n = Reader::get(m, "arms")) {
    if (auto v = r.integer(*n, join_key(path, "arms"), at_least(2, limits::kMaxCenters))) s.arms = static_cast<int>(*v);
    else ok = false;
  }
  if (ok) out.classes = s.arms;
  if (rows && ok && s.n_samples < s.arms) {
    r.error(Reader::get(m, "n_samples") ? Reader::get(m, "n_samples")->mark : m.mark, join_key(path, "n_samples"),
            fmt::format("n_samples {} gives some of the {} arms no points", s.n_samples, s.arms));
  }
  if (const Node* n = Reader::get(m, "turns")) {
    if (auto v = r.number(*n, join_key(path, "turns"), Range{0, 100, true, false})) s.turns = *v;
  }
  s.noise = read_noise(r, m, path, ok);
  s.shuffle = read_shuffle(r, m, path, ok);
  if (auto seed = random_state(r, m, path)) s.random_state = *seed;
  generated_facts(out, rows, r.errors() == before, s);
  return out;
}

// A file named in the scenario: relative paths are relative to the folder of
// the file the key is written in. Returns {as written, resolved}.
std::optional<std::pair<std::string, std::string>> read_path(Reader& r, const Node& m, const std::string& key,
                                                             bool required) {
  const Node* n = required ? r.require(m, "data", key) : Reader::get(m, key);
  if (n == nullptr) return std::nullopt;
  auto text = r.text(*n, join_key("data", key));
  if (!text) return std::nullopt;
  if (text->empty()) {
    r.error(n->mark, join_key("data", key), "expected a file name, found an empty string");
    return std::nullopt;
  }
  const std::filesystem::path written(*text);
  const std::filesystem::path resolved =
      written.is_absolute() ? written
                            : (std::filesystem::path(r.file_of(n->mark)).parent_path() / written).lexically_normal();
  return std::pair{*text, resolved.string()};
}

// The data's shape from its files, reported at `at` when they cannot be read.
void file_facts(Reader& r, KindRead& out, data::DataSource source, const Node& at, const std::string& path) {
  try {
    const data::Shape shape = data::shape(source);
    out.rows = shape.rows;
    out.rows_origin = fmt::format("the data has {} rows", shape.rows);
    out.classes = shape.classes;
    out.own_test_rows = shape.own_test_rows;
    out.shape = shape;
    out.source = std::move(source);
  } catch (const data::DataError& e) {
    r.error(at.mark, path, e.what());
  }
}

KindRead read_csv(Reader& r, const Node& m) {
  const std::string path = "data";
  const std::size_t before = r.errors();
  KindRead out;
  data::CsvSpec c;
  const auto file = read_path(r, m, "path", true);
  if (file) std::tie(c.path, c.file) = *file;
  if (const Node* n = Reader::get(m, "label")) {
    std::int64_t index = 0;
    if (n->is_scalar() && !n->quoted && parse_integer(n->text, index) == IntParse::ok) {
      c.label_index = index;
    } else if (auto name = r.text(*n, join_key(path, "label")); name && !name->empty()) {
      c.label_name = *name;
    } else if (name) {
      r.error(n->mark, join_key(path, "label"), "expected a column name or a 0-based column index, found an empty string");
    }
  } else {
    c.label_index = -1;  // the last column
  }
  if (const Node* n = Reader::get(m, "header")) {
    if (auto v = r.word(*n, join_key(path, "header"), data::kCsvHeaderNames)) c.header = *v;
  }
  if (const Node* n = Reader::get(m, "standardize")) {
    if (auto v = r.boolean(*n, join_key(path, "standardize"))) c.standardize = *v;
  }
  if (r.errors() == before) file_facts(r, out, c, *Reader::get(m, "path"), join_key(path, "path"));
  return out;
}

KindRead read_idx(Reader& r, const Node& m) {
  const std::string path = "data";
  const std::size_t before = r.errors();
  KindRead out;
  data::IdxSpec s;
  if (auto f = read_path(r, m, "images", true)) std::tie(s.images, s.images_file) = *f;
  if (auto f = read_path(r, m, "labels", true)) std::tie(s.labels, s.labels_file) = *f;
  const auto test_images = read_path(r, m, "test_images", false);
  const auto test_labels = read_path(r, m, "test_labels", false);
  if (test_images.has_value() != test_labels.has_value() && r.errors() == before) {
    const char* given = test_images ? "test_images" : "test_labels";
    r.error(m.find(given)->key_mark, join_key(path, given), "give test_images and test_labels together, or neither");
  }
  if (test_images && test_labels) {
    std::tie(s.test_images, s.test_images_file) = *test_images;
    std::tie(s.test_labels, s.test_labels_file) = *test_labels;
  }
  if (r.errors() == before) file_facts(r, out, s, *Reader::get(m, "images"), join_key(path, "images"));
  return out;
}

KindRead read_fashion_mnist(Reader& r, const Node& m) {
  const std::size_t before = r.errors();
  KindRead out;
  data::FashionMnistSpec s;
  if (auto f = read_path(r, m, "path", false)) std::tie(s.path, s.folder) = *f;
  if (r.errors() == before) {
    const Node* at = Reader::get(m, "path");
    file_facts(r, out, s, at ? *at : *Reader::get(m, "kind"), at ? "data.path" : "data.kind");
  }
  return out;
}

// Largest dimensions: the quadratics hold A (d × d doubles).
constexpr std::int64_t kMaxQuadraticDimensions = 4000;
constexpr std::int64_t kMaxFunctionDimensions = 10'000'000;

KindRead read_function(Reader& r, const Node& m) {
  const std::string path = "data";
  const std::size_t before = r.errors();
  KindRead out;
  out.samples = false;
  data::FunctionSpec f;
  bool known = false;
  if (const Node* n = r.require(m, path, "function")) {
    if (auto v = r.word(*n, join_key(path, "function"), data::kTestFunctionNames)) {
      f.function = *v;
      known = true;
    }
  }
  const bool quadratic =
      f.function == data::TestFunction::quadratic || f.function == data::TestFunction::noisy_quadratic;
  if (const Node* n = Reader::get(m, "dimensions")) {
    const std::int64_t most = quadratic ? kMaxQuadraticDimensions : kMaxFunctionDimensions;
    if (auto v = r.integer(*n, join_key(path, "dimensions"), at_least(quadratic ? 2 : 1, static_cast<double>(most)))) {
      f.dimensions = static_cast<int>(*v);
    }
  }
  // Keys only some functions take.
  const auto only_for = [&](const char* key, bool applies, const char* which) -> const Node* {
    const Node* n = Reader::get(m, key);
    if (n != nullptr && known && !applies) {
      r.error(m.find(key)->key_mark, join_key(path, key),
              fmt::format("{} takes no '{}' (only {} do)", data::kTestFunctionNames.name(f.function), key, which));
      return nullptr;
    }
    return n;
  };
  if (const Node* n = only_for("condition_number", quadratic, "quadratic and noisy_quadratic")) {
    if (auto v = r.number(*n, join_key(path, "condition_number"), at_least(1, 1e12))) f.condition_number = *v;
  }
  if (const Node* n = only_for("noise", f.function == data::TestFunction::noisy_quadratic, "noisy_quadratic")) {
    if (auto v = r.number(*n, join_key(path, "noise"), at_least(0, 1e6))) f.noise = *v;
  }
  if (auto seed = random_state(r, m, path)) f.random_state = *seed;
  if (r.errors() == before) {
    out.source = f;
    out.shape = data::shape(*out.source);
  }
  return out;
}

}  // namespace

const std::vector<DataKind>& data_kinds() {
  static const std::vector<DataKind> kinds = {
      {"blobs",
       {"generator", "n_samples", "centers", "n_features", "cluster_std", "center_box", "shuffle", "random_state"},
       read_blobs},
      {"circles", {"n_samples", "noise", "factor", "shuffle", "random_state"}, read_circles},
      {"moons", {"n_samples", "noise", "shuffle", "random_state"}, read_moons},
      {"spirals", {"n_samples", "arms", "turns", "noise", "shuffle", "random_state"}, read_spirals},
      {"csv", {"path", "label", "header", "standardize"}, read_csv},
      {"idx", {"images", "labels", "test_images", "test_labels"}, read_idx},
      {"fashion_mnist", {"path"}, read_fashion_mnist},
      {"function", {"function", "dimensions", "condition_number", "noise", "random_state"}, read_function},
  };
  return kinds;
}

}  // namespace lrbench::scenario
