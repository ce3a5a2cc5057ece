// The readers of each kind of data.
#include "scenario/data_kinds.hpp"

#include <fmt/format.h>

#include "scenario/limits.hpp"

namespace lrbench::scenario {
namespace {

using tree::Node;

// `random_state`: numpy's RandomState takes a 32-bit seed.
std::optional<std::uint32_t> random_state(Reader& r, const Node& m, const std::string& path) {
  const Node* n = Reader::get(m, "random_state");
  if (n == nullptr) return 0;
  if (auto v = r.integer(*n, join(path, "random_state"), at_least(0, 4294967295.0))) {
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
    if (auto v = r.word(*n, join(path, "generator"), data::kBlobsGeneratorNames)) b.generator = *v;
  }
  bool samples_ok = true;
  bool features_ok = true;
  if (const Node* n = Reader::get(m, "n_samples")) {
    if (auto v = r.integer(*n, join(path, "n_samples"), at_least(2, limits::kMaxSamples))) {
      b.n_samples = static_cast<int>(*v);
    } else {
      samples_ok = false;
    }
  }
  bool centers_ok = true;
  if (const Node* n = Reader::get(m, "centers")) {
    if (auto v = r.integer(*n, join(path, "centers"), at_least(2, limits::kMaxCenters))) {
      b.centers = static_cast<int>(*v);
    } else {
      centers_ok = false;
    }
  }
  if (centers_ok) out.classes = b.centers;
  if (const Node* n = Reader::get(m, "n_features")) {
    if (auto v = r.integer(*n, join(path, "n_features"), at_least(1, limits::kMaxFeatures))) {
      b.n_features = static_cast<int>(*v);
    } else {
      features_ok = false;
    }
  }
  if (samples_ok && features_ok && static_cast<std::int64_t>(b.n_samples) * b.n_features > limits::kMaxValues) {
    const Node* n = Reader::get(m, "n_samples");
    r.error(n ? n->mark : m.mark, join(path, "n_samples"),
            fmt::format("n_samples × n_features = {} values, more than the limit of {}",
                        static_cast<std::int64_t>(b.n_samples) * b.n_features, limits::kMaxValues));
  }
  if (const Node* n = Reader::get(m, "cluster_std")) {
    if (auto v = r.number(*n, join(path, "cluster_std"), above(0))) b.cluster_std = *v;
  }
  if (const Node* n = Reader::get(m, "center_box")) {
    const std::string p = join(path, "center_box");
    if (!n->is_sequence() || n->items.size() != 2) {
      r.error(n->mark, p,
              "expected two numbers [low, high], found " +
                  (n->is_sequence() ? fmt::format("a list of {}", n->items.size()) : describe(*n)));
    } else {
      auto lo = r.number(*n->items[0], join(p, "0"), Range{});
      auto hi = r.number(*n->items[1], join(p, "1"), Range{});
      if (lo && hi) {
        if (*lo < *hi) {
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
    if (auto v = r.boolean(*n, join(path, "shuffle"))) b.shuffle = *v;
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

}  // namespace

const std::vector<DataKind>& data_kinds() {
  static const std::vector<DataKind> kinds = {
      {"blobs",
       {"generator", "n_samples", "centers", "n_features", "cluster_std", "center_box", "shuffle", "random_state"},
       read_blobs},
  };
  return kinds;
}

}  // namespace lrbench::scenario
