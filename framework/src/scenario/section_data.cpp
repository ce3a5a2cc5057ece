// The data section: which kind of data (data_kinds.cpp reads each kind's own
// keys) and how its rows are split.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "data/dataset.hpp"
#include "scenario/data_kinds.hpp"
#include "scenario/limits.hpp"
#include "scenario/sections.hpp"
#include "scenario/suggest.hpp"

namespace lrbench::scenario {
namespace {

using tree::Node;

const std::vector<std::string> kSplitKeys = {"train", "validation", "test", "stratify"};

// One part of the split: a count in [1, rows - 1] or a fraction in (0, 1)
// that leaves at least one row. `role` is "training", "validation", "test".
std::optional<data::Amount> read_amount(Reader& r, const Node& t, const std::string& path, const KindRead& kind,
                                        const std::string& role) {
  const std::optional<std::int64_t> n = kind.rows;
  const std::int64_t most = kind.own_test_rows > 0 ? (n ? *n : 0) : (n ? *n - 1 : 0);
  const std::string expected = n ? fmt::format("a count in [1, {}] ({}) or a fraction in (0, 1)", most, kind.rows_origin)
                                 : std::string("a count or a fraction in (0, 1)");
  std::int64_t count = 0;
  const IntParse ip = (t.is_scalar() && !t.quoted) ? parse_integer(t.text, count) : IntParse::not_integer;
  const std::optional<double> parsed = (t.is_scalar() && !t.quoted) ? parse_real(t.text) : std::nullopt;
  if (ip == IntParse::ok || ip == IntParse::overflow) {
    if (ip == IntParse::ok && count >= 1 && (!n || count <= most)) {
      return data::Amount{false, std::min<std::int64_t>(count, limits::kMaxSamples), 0.0};
    }
    r.error(t.mark, path, "expected " + expected + ", found " + t.text);
    return std::nullopt;
  }
  if (!parsed) {
    r.error(t.mark, path, "expected " + expected + ", found " + describe(t));
    return std::nullopt;
  }
  const double fraction = *parsed;
  if (!(std::isfinite(fraction) && fraction > 0.0 && fraction < 1.0)) {
    r.error(t.mark, path, "expected " + expected + ", found " + t.text);
    return std::nullopt;
  }
  const data::Amount amount{true, 0, fraction};
  if (n) {
    const std::int64_t rows = amount.rows(*n);
    if (rows < 1 || rows > most) {
      r.error(t.mark, path,
              fmt::format("a fraction of {} leaves {} of {} rows for {}; every part must be non-empty", t.text, rows,
                          *n, role));
      return std::nullopt;
    }
  }
  return amount;
}

struct SplitRead {
  data::SplitSpec split;
  std::optional<std::int64_t> train_rows;  // when the data's rows are known and the split valid
  std::optional<data::PartRows> parts;     // when, moreover, every key of the split is valid
};

// `split: {train, validation, test, stratify}`; absent: half of the rows
// train (all of them when the data brings its own test set).
SplitRead read_split(Reader& r, const Node& data_map, const KindRead& kind) {
  SplitRead out;
  const bool own_test = kind.own_test_rows > 0;
  if (own_test) out.split.train.reset();
  const Node* s = Reader::get(data_map, "split");
  if (s == nullptr) {
    if (kind.rows) {
      try {
        out.parts = data::part_rows(out.split, data::Shape{*kind.rows, 0, kind.classes, kind.own_test_rows});
        out.train_rows = out.parts->train;
      } catch (const data::DataError& e) {
        r.error(data_map.mark, "data", e.message);
      }
    }
    return out;
  }
  if (kind.rows && !own_test) out.train_rows = *kind.rows / 2;
  const std::string p = "data.split";
  const Node* sm = r.map(s, p);
  if (sm == nullptr) return out;
  const std::size_t before = r.errors();
  r.check_keys(*sm, p, kSplitKeys);
  out.split = data::SplitSpec{};
  out.split.train.reset();
  const Node* train = Reader::get(*sm, "train");
  const Node* test = Reader::get(*sm, "test");
  if (train == nullptr && test == nullptr && !own_test) {
    r.error(sm->mark, p, "missing required key 'train'");
    return out;
  }
  if (test != nullptr && own_test) {
    r.error(sm->find("test")->key_mark, join_key(p, "test"),
            fmt::format("the data brings its own test set ({} rows); remove 'test'", kind.own_test_rows));
  }
  out.train_rows.reset();
  if (train) out.split.train = read_amount(r, *train, join_key(p, "train"), kind, "training");
  if (const Node* v = Reader::get(*sm, "validation")) {
    out.split.validation = read_amount(r, *v, join_key(p, "validation"), kind, "validation");
  }
  if (test && !own_test) out.split.test = read_amount(r, *test, join_key(p, "test"), kind, "test");
  if (const Node* st = Reader::get(*sm, "stratify")) {
    if (auto v = r.boolean(*st, join_key(p, "stratify"))) out.split.stratify = *v;
  }
  if (r.errors() != before || !kind.rows) return out;
  // The parts together: they must fit in the data and leave train and test
  // non-empty.
  try {
    const data::PartRows parts =
        data::part_rows(out.split, data::Shape{*kind.rows, 0, kind.classes, kind.own_test_rows});
    out.train_rows = parts.train;
    out.parts = parts;
  } catch (const data::DataError& e) {
    r.error(sm->mark, p, e.message);
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
  std::vector<std::string> names;
  for (const DataKind& k : data_kinds()) names.emplace_back(k.name);
  const DataKind* kind = nullptr;
  if (const Node* n = r.require(*m, path, "kind")) {
    for (const DataKind& k : data_kinds()) {
      if (n->is_scalar() && k.name == n->text) kind = &k;
    }
    // The kinds are listed only when no kind is close: the message then
    // stays the same as kinds are added.
    if (kind == nullptr) {
      r.error(n->mark, join_key(path, "kind"),
              "unknown data kind " + describe(*n) + (n->is_scalar() ? suggestion(n->text, names) : std::string()));
    }
  }
  if (kind == nullptr) return out;
  std::vector<std::string> keys = {"kind", "split"};
  keys.insert(keys.end(), kind->keys.begin(), kind->keys.end());
  r.check_keys(*m, path, keys);
  const KindRead facts = kind->read(r, *m);
  out.num_classes = facts.classes;
  out.function = !facts.samples;
  if (!facts.samples) {
    if (const tree::Entry* split = m->find("split")) {
      r.error(split->key_mark, join_key(path, "split"), "a function task has no samples to split; remove 'split'");
    }
    if (r.errors() == before && facts.source && facts.shape) {
      out.spec = data::DataSpec{*facts.source, data::SplitSpec{}};
      out.shape = *facts.shape;
      out.ok = true;
    }
    return out;
  }
  SplitRead split = read_split(r, *m, facts);
  out.train_rows = split.train_rows;
  if (r.errors() == before && facts.source && facts.shape && split.parts) {
    out.spec = data::DataSpec{*facts.source, split.split};
    out.shape = *facts.shape;
    out.rows = *split.parts;
    out.ok = true;
  }
  return out;
}

}  // namespace lrbench::scenario
