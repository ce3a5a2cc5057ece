// The data section: make_blobs parameters and the train/test split.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "scenario/limits.hpp"
#include "scenario/sections.hpp"

namespace lrbench::scenario {
namespace {

using tree::Node;

struct SplitRead {
  data::SplitSpec split;
  std::optional<std::int64_t> train_rows;  // when n_samples is known and the split valid
};

// `split: {train: COUNT | FRACTION}`; absent: half of the rows train.
SplitRead read_split(Reader& r, const Node& data_map, std::optional<std::int64_t> n_samples) {
  SplitRead out;
  if (n_samples) out.train_rows = *n_samples / 2;
  const Node* s = Reader::get(data_map, "split");
  if (s == nullptr) {
    out.split.is_fraction = true;
    out.split.fraction = 0.5;
    return out;
  }
  const std::string p = "data.split";
  const Node* sm = r.map(s, p);
  if (sm == nullptr) return out;
  r.check_keys(*sm, p, {"train"});
  const Node* t = r.require(*sm, p, "train");
  if (t == nullptr) return out;
  const std::string tp = join(p, "train");
  const std::string expected =
      n_samples ? fmt::format("a count in [1, {}] (n_samples is {}) or a fraction in (0, 1)", *n_samples - 1, *n_samples)
                : std::string("a count or a fraction in (0, 1)");
  std::int64_t count = 0;
  const IntParse ip = (t->is_scalar() && !t->quoted) ? parse_integer(t->text, count) : IntParse::not_integer;
  const std::optional<double> parsed = (t->is_scalar() && !t->quoted) ? parse_real(t->text) : std::nullopt;
  const bool is_real = parsed.has_value();
  const double real = parsed.value_or(0.0);
  out.train_rows.reset();
  if (ip == IntParse::ok || ip == IntParse::overflow) {
    if (ip == IntParse::ok && count >= 1 && (!n_samples || count <= *n_samples - 1)) {
      out.split.is_fraction = false;
      out.split.count = static_cast<int>(std::min<std::int64_t>(count, limits::kMaxSamples));
      if (n_samples) out.train_rows = count;
    } else {
      r.error(t->mark, tp, "expected " + expected + ", found " + t->text);
    }
  } else if (is_real) {
    if (!(std::isfinite(real) && real > 0.0 && real < 1.0)) {
      r.error(t->mark, tp, "expected " + expected + ", found " + t->text);
    } else {
      out.split.is_fraction = true;
      out.split.fraction = real;
      if (n_samples) {
        const auto rows = static_cast<std::int64_t>(std::floor(real * static_cast<double>(*n_samples)));
        if (rows < 1 || rows > *n_samples - 1) {
          r.error(t->mark, tp,
                  fmt::format("a fraction of {} leaves {} of {} rows for training; both parts must be non-empty",
                              t->text, rows, *n_samples));
        } else {
          out.train_rows = rows;
        }
      }
    }
  } else {
    r.error(t->mark, tp, "expected " + expected + ", found " + describe(*t));
  }
  return out;
}

}  // namespace

DataSection read_data(Reader& r, const Node& root) {
  DataSection out;
  const std::string path = "data";
  const Node* m = r.map(r.require(root, "", "data"), path);
  if (m == nullptr) return out;
  const std::size_t before = r.errors();
  r.check_keys(*m, path,
               {"kind", "generator", "n_samples", "centers", "n_features", "cluster_std", "center_box", "shuffle",
                "random_state", "split"});
  if (const Node* n = r.require(*m, path, "kind")) static_cast<void>(r.one_of(*n, join(path, "kind"), {"blobs"}));
  data::BlobsSpec& b = out.blobs;
  b.n_samples = 1000;
  if (const Node* n = Reader::get(*m, "generator")) {
    if (auto v = r.word(*n, join(path, "generator"), data::kBlobsGeneratorNames)) b.generator = *v;
  }
  bool samples_ok = true;
  bool features_ok = true;
  if (const Node* n = Reader::get(*m, "n_samples")) {
    if (auto v = r.integer(*n, join(path, "n_samples"), at_least(2, limits::kMaxSamples))) {
      b.n_samples = static_cast<int>(*v);
    } else {
      samples_ok = false;
    }
  }
  bool centers_ok = true;
  if (const Node* n = Reader::get(*m, "centers")) {
    if (auto v = r.integer(*n, join(path, "centers"), at_least(2, limits::kMaxCenters))) {
      b.centers = static_cast<int>(*v);
    } else {
      centers_ok = false;
    }
  }
  if (centers_ok) out.num_classes = b.centers;
  if (const Node* n = Reader::get(*m, "n_features")) {
    if (auto v = r.integer(*n, join(path, "n_features"), at_least(1, limits::kMaxFeatures))) {
      b.n_features = static_cast<int>(*v);
    } else {
      features_ok = false;
    }
  }
  if (samples_ok && features_ok && static_cast<std::int64_t>(b.n_samples) * b.n_features > limits::kMaxValues) {
    const Node* n = Reader::get(*m, "n_samples");
    r.error(n ? n->mark : m->mark, join(path, "n_samples"),
            fmt::format("n_samples × n_features = {} values, more than the limit of {}",
                        static_cast<std::int64_t>(b.n_samples) * b.n_features, limits::kMaxValues));
  }
  if (const Node* n = Reader::get(*m, "cluster_std")) {
    if (auto v = r.number(*n, join(path, "cluster_std"), above(0))) b.cluster_std = *v;
  }
  if (const Node* n = Reader::get(*m, "center_box")) {
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
  if (const Node* n = Reader::get(*m, "shuffle")) {
    if (auto v = r.boolean(*n, join(path, "shuffle"))) b.shuffle = *v;
  }
  if (const Node* n = Reader::get(*m, "random_state")) {
    if (auto v = r.integer(*n, join(path, "random_state"), at_least(0, 4294967295.0))) {
      b.random_state = static_cast<std::uint32_t>(*v);
    }
  }
  SplitRead split = read_split(r, *m, samples_ok ? std::optional<std::int64_t>(b.n_samples) : std::nullopt);
  out.split = split.split;
  out.train_rows = split.train_rows;
  out.ok = r.errors() == before;
  return out;
}

}  // namespace lrbench::scenario
