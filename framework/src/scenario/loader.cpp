#include "scenario/loader.hpp"
#include "util/output_names.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "plugins/construct.hpp"
#include "plugins/params_json.hpp"
#include "plugins/resolve.hpp"
#include "scenario/suggest.hpp"
#include "scenario/tree.hpp"
#include "scenario/value_tree.hpp"
#include "util/scalars.hpp"

namespace lrbench::scenario {

using tree::Entry;
using tree::Mark;
using tree::Node;
using tree::NodePtr;

std::string format(const Diagnostic& d) {
  std::string out = d.file + ":";
  if (d.line > 0) out += fmt::format("{}:{}:", d.line, d.column);
  out += " error: ";
  if (!d.path.empty()) out += d.path + ": ";
  return out + d.message;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diags) : diagnostics(std::move(diags)) {
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    if (i > 0) what_ += "\n";
    what_ += format(diagnostics[i]);
  }
  if (what_.empty()) what_ = "invalid scenario";
}

namespace {

// Limits that keep one bad number from exhausting memory before any run
// starts; documented in docs/scenarios.md.
constexpr std::size_t kMaxNodes = 100000;
constexpr std::uintmax_t kMaxFileBytes = 1u << 20;
constexpr std::int64_t kMaxSamples = 10'000'000;
constexpr std::int64_t kMaxFeatures = 10'000;
constexpr std::int64_t kMaxCenters = 10'000;
constexpr std::int64_t kMaxValues = 100'000'000;  // n_samples × n_features
constexpr std::int64_t kMaxUnits = 100'000;
constexpr std::int64_t kMaxEpochs = 1'000'000;
constexpr std::int64_t kMaxBatch = 10'000'000;
constexpr std::int64_t kMaxRecord = 10'000'000;
constexpr std::size_t kMaxNameLength = 100;
// Labels are table cells and --filter's input (std::regex backtracks and
// recurses per character: a 40,000-character label overflowed its stack).
constexpr std::size_t kMaxLabelLength = 200;

constexpr double kInf = std::numeric_limits<double>::infinity();

// The config sections sweeps and variants may address; the other top-level
// keys describe the experiment, not one run.
const std::vector<std::string> kConfigSections = {"data", "model", "training", "optimizer", "schedule", "record"};
const std::vector<std::string> kTopLevelKeys = {"name",     "description", "data",     "model",  "training",
                                                "optimizer", "schedule",   "record",   "sweep",  "variants",
                                                "seeds",    "target",      "extends"};

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

using util::printable;

// How a node reads in "found …".
std::string describe(const Node& n) {
  switch (n.kind) {
    case Node::Kind::null: return "nothing (null)";
    case Node::Kind::scalar:
      return n.quoted ? "the string \"" + printable(n.text) + "\"" : "'" + printable(n.text) + "'";
    case Node::Kind::sequence: return "a list";
    case Node::Kind::map: return "a map";
  }
  return "?";
}

std::string number_text(double v) { return fmt::format("{}", v); }

// A numeric interval, and how it reads in messages: "in [0, 1)", ">= 1".
struct Range {
  double lo = -kInf;
  double hi = kInf;
  bool lo_open = false;
  bool hi_open = false;

  [[nodiscard]] bool contains(double v) const {
    if (lo_open ? !(v > lo) : !(v >= lo)) return false;
    if (hi_open ? !(v < hi) : !(v <= hi)) return false;
    return true;
  }
  [[nodiscard]] std::string text() const {
    const bool has_lo = lo != -kInf;
    const bool has_hi = hi != kInf;
    if (has_lo && has_hi) {
      return fmt::format(" in {}{}, {}{}", lo_open ? "(" : "[", number_text(lo), number_text(hi), hi_open ? ")" : "]");
    }
    if (has_lo) return fmt::format(" {} {}", lo_open ? ">" : ">=", number_text(lo));
    if (has_hi) return fmt::format(" {} {}", hi_open ? "<" : "<=", number_text(hi));
    return "";
  }
};

Range at_least(double lo, double hi = kInf) { return Range{lo, hi, false, false}; }
Range above(double lo) { return Range{lo, kInf, true, false}; }

using util::IntParse;
using util::parse_integer;
using util::parse_real;

// One validation pass over a (resolved) scenario tree. Diagnostics go to a
// shared list; each reader returns nullopt after reporting, so one bad value
// does not hide the next.
class Checker {
 public:
  Checker(const std::string& file, const plugins::PluginCatalog& catalog, std::vector<Diagnostic>& out)
      : file_(file), catalog_(catalog), out_(out) {}

  // Construct every plugin once while validating (LoadOptions::dry_construct).
  bool dry_construct = true;

  void error(Mark m, const std::string& path, std::string message) {
    // A node read from a file named by `extends` carries that file's name.
    out_.push_back(Diagnostic{m.file ? *m.file : file_, m.line, m.column, path, std::move(message)});
  }
  [[nodiscard]] std::size_t errors() const { return out_.size(); }

  // --- maps -----------------------------------------------------------------

  // The map at `node`, or nullptr after an error. A null value (`training:`
  // with nothing after it) reads as an empty map, so the message is about
  // the missing keys rather than the type.
  const Node* map(const Node* node, const std::string& path) {
    if (node == nullptr) return nullptr;
    if (node->is_map()) return node;
    if (node->is_null()) {
      auto empty = std::make_shared<Node>();
      empty->kind = Node::Kind::map;
      empty->mark = node->mark;
      null_maps_.push_back(empty);
      return empty.get();
    }
    error(node->mark, path, "expected a map, found " + describe(*node));
    return nullptr;
  }

  void check_keys(const Node& map, const std::string& path, const std::vector<std::string>& allowed) {
    for (const Entry& e : map.entries) {
      if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end()) {
        error(e.key_mark, join(path, e.key), "unknown key '" + e.key + "'" + suggestion(e.key, allowed));
      }
    }
  }

  const Node* get(const Node& map, std::string_view key) {
    const Entry* e = map.find(key);
    return e ? e->value.get() : nullptr;
  }

  const Node* require(const Node& map, const std::string& path, std::string_view key) {
    const Node* v = get(map, key);
    if (v == nullptr) error(map.mark, path, fmt::format("missing required key '{}'", key));
    return v;
  }

  // --- scalars --------------------------------------------------------------

  std::optional<std::int64_t> integer(const Node& n, const std::string& path, Range range) {
    std::int64_t v = 0;
    const IntParse r = (n.is_scalar() && !n.quoted) ? parse_integer(n.text, v) : IntParse::not_integer;
    if (r == IntParse::not_integer) {
      error(n.mark, path, "expected an integer" + range.text() + ", found " + describe(n));
      return std::nullopt;
    }
    if (r == IntParse::overflow || !range.contains(static_cast<double>(v))) {
      error(n.mark, path, "expected an integer" + range.text() + ", found " + n.text);
      return std::nullopt;
    }
    return v;
  }

  std::optional<double> number(const Node& n, const std::string& path, Range range) {
    const std::optional<double> v = (n.is_scalar() && !n.quoted) ? parse_real(n.text) : std::nullopt;
    if (!v) {
      error(n.mark, path, "expected a number" + range.text() + ", found " + describe(n));
      return std::nullopt;
    }
    if (!std::isfinite(*v)) {
      error(n.mark, path, "expected a finite number" + range.text() + ", found " + n.text);
      return std::nullopt;
    }
    if (!range.contains(*v)) {
      error(n.mark, path, "expected a number" + range.text() + ", found " + n.text);
      return std::nullopt;
    }
    return v;
  }

  std::optional<bool> boolean(const Node& n, const std::string& path) {
    if (n.is_scalar() && !n.quoted) {
      // YAML 1.2 core schema only: yes/no/on/off are YAML 1.1 and ambiguous.
      if (n.text == "true" || n.text == "True" || n.text == "TRUE") return true;
      if (n.text == "false" || n.text == "False" || n.text == "FALSE") return false;
    }
    error(n.mark, path, "expected true or false, found " + describe(n));
    return std::nullopt;
  }

  std::optional<std::string> text(const Node& n, const std::string& path) {
    if (n.is_scalar()) return n.text;
    error(n.mark, path, "expected a string, found " + describe(n));
    return std::nullopt;
  }

  std::optional<std::string> one_of(const Node& n, const std::string& path, const std::vector<std::string>& words) {
    if (n.is_scalar() && std::find(words.begin(), words.end(), n.text) != words.end()) return n.text;
    std::string expected;
    for (std::size_t i = 0; i < words.size(); ++i) expected += (i ? "|" : "") + words[i];
    std::string message = "expected one of " + expected + ", found " + describe(n);
    if (n.is_scalar()) {
      if (auto best = nearest(n.text, words)) message += "; did you mean '" + *best + "'?";
    }
    error(n.mark, path, message);
    return std::nullopt;
  }

  // --- plugins --------------------------------------------------------------

  // A plugin by name, or nullptr after "unknown optimizer 'x'; did you mean …".
  const PluginInfo* plugin(PluginKind kind, const Node& name_node, const std::string& path) {
    const auto name = text(name_node, path);
    if (!name) return nullptr;
    if (const PluginInfo* info = catalog_.find(kind, *name)) return info;
    const std::vector<std::string> names = catalog_.names(kind);
    std::string message = fmt::format("unknown {} '{}'", to_string(kind), *name);
    if (names.empty()) {
      message += fmt::format("; no {} plugins are loaded (check --plugin-dir)", to_string(kind));
    } else if (auto best = nearest(*name, names)) {
      message += "; did you mean '" + *best + "'?";
    }
    error(name_node.mark, path, message + plugins::search_summary(catalog_, {kind}));
    return nullptr;
  }

  // Every declared parameter of `info`: the scenario's value or the default,
  // checked by the one parameter resolver (plugins/resolve.hpp), nested
  // optimizers included.
  std::optional<ParamValues> params(const PluginInfo& info, const Node* given, const std::string& path) {
    std::vector<plugins::ParamDiagnostic> problems;
    const std::optional<plugins::ValueTree> tree = given ? std::optional(to_value_tree(*given)) : std::nullopt;
    std::optional<ParamValues> values =
        plugins::resolve_params(info, tree ? &*tree : nullptr, path, catalog_, problems);
    for (plugins::ParamDiagnostic& d : problems) {
      error(Mark{d.at.line, d.at.column, d.at.file}, d.path, std::move(d.message));
    }
    return values;
  }

  // --- sections -------------------------------------------------------------

  std::optional<RunConfig> config(const Node& root);

 private:
  bool data(const Node& root, RunConfig& out);
  bool model(const Node& root, const RunConfig& so_far, bool centers_known, RunConfig& out);
  bool training(const Node& root, std::optional<std::int64_t> train_rows, RunConfig& out);
  bool optimizer(const Node& root, RunConfig& out);
  bool schedule(const Node& root, std::optional<double> lr, RunConfig& out);
  bool record(const Node& root, RunConfig& out);
  std::optional<SchedulePart> schedule_part(const Node& m, const std::string& path, bool last, bool in_sequence,
                                            std::optional<double> lr);

  const std::string& file_;
  const plugins::PluginCatalog& catalog_;
  std::vector<Diagnostic>& out_;
  std::vector<NodePtr> null_maps_;  // keeps the stand-ins map() returns alive
  std::optional<std::int64_t> train_rows_;  // set by data() when n_samples and split are valid
  bool centers_ok_ = false;                  // set by data() when centers is valid
};

bool Checker::data(const Node& root, RunConfig& out) {
  const std::string path = "data";
  const Node* m = map(require(root, "", "data"), path);
  if (m == nullptr) return false;
  const std::size_t before = errors();
  check_keys(*m, path,
             {"kind", "generator", "n_samples", "centers", "n_features", "cluster_std", "center_box", "shuffle",
              "random_state", "split"});
  if (const Node* n = require(*m, path, "kind")) static_cast<void>(one_of(*n, join(path, "kind"), {"blobs"}));
  data::BlobsSpec& b = out.data;
  b = data::BlobsSpec{};
  b.n_samples = 1000;
  if (const Node* n = get(*m, "generator")) {
    if (auto v = one_of(*n, join(path, "generator"), {"sklearn", "native"})) {
      b.generator = *v == "native" ? data::BlobsGenerator::native : data::BlobsGenerator::sklearn;
    }
  }
  bool samples_ok = true;
  bool features_ok = true;
  if (const Node* n = get(*m, "n_samples")) {
    if (auto v = integer(*n, join(path, "n_samples"), at_least(2, kMaxSamples))) b.n_samples = static_cast<int>(*v);
    else samples_ok = false;
  }
  centers_ok_ = true;
  if (const Node* n = get(*m, "centers")) {
    if (auto v = integer(*n, join(path, "centers"), at_least(2, kMaxCenters))) b.centers = static_cast<int>(*v);
    else centers_ok_ = false;
  }
  if (const Node* n = get(*m, "n_features")) {
    if (auto v = integer(*n, join(path, "n_features"), at_least(1, kMaxFeatures))) b.n_features = static_cast<int>(*v);
    else features_ok = false;
  }
  if (samples_ok && features_ok && static_cast<std::int64_t>(b.n_samples) * b.n_features > kMaxValues) {
    const Node* n = get(*m, "n_samples");
    error(n ? n->mark : m->mark, join(path, "n_samples"),
          fmt::format("n_samples × n_features = {} values, more than the limit of {}",
                      static_cast<std::int64_t>(b.n_samples) * b.n_features, kMaxValues));
  }
  if (const Node* n = get(*m, "cluster_std")) {
    if (auto v = number(*n, join(path, "cluster_std"), above(0))) b.cluster_std = *v;
  }
  if (const Node* n = get(*m, "center_box")) {
    const std::string p = join(path, "center_box");
    if (!n->is_sequence() || n->items.size() != 2) {
      error(n->mark, p,
            "expected two numbers [low, high], found " +
                (n->is_sequence() ? fmt::format("a list of {}", n->items.size()) : describe(*n)));
    } else {
      auto lo = number(*n->items[0], join(p, "0"), Range{});
      auto hi = number(*n->items[1], join(p, "1"), Range{});
      if (lo && hi) {
        if (*lo < *hi) {
          b.center_box_low = *lo;
          b.center_box_high = *hi;
        } else {
          error(n->mark, p, fmt::format("low must be less than high, found [{}, {}]", n->items[0]->text,
                                        n->items[1]->text));
        }
      }
    }
  }
  if (const Node* n = get(*m, "shuffle")) {
    if (auto v = boolean(*n, join(path, "shuffle"))) b.shuffle = *v;
  }
  if (const Node* n = get(*m, "random_state")) {
    if (auto v = integer(*n, join(path, "random_state"), at_least(0, 4294967295.0))) {
      b.random_state = static_cast<std::uint32_t>(*v);
    }
  }
  // The split: a count of training rows, or a fraction of n_samples.
  out.split = data::SplitSpec{};
  train_rows_.reset();
  const std::int64_t n_samples = b.n_samples;
  if (samples_ok) train_rows_ = n_samples / 2;
  if (const Node* s = get(*m, "split")) {
    const std::string p = join(path, "split");
    if (const Node* sm = map(s, p)) {
      check_keys(*sm, p, {"train"});
      if (const Node* t = require(*sm, p, "train")) {
        const std::string tp = join(p, "train");
        const std::string expected = samples_ok ? fmt::format("a count in [1, {}] (n_samples is {}) or a fraction in (0, 1)",
                                                              n_samples - 1, n_samples)
                                                : std::string("a count or a fraction in (0, 1)");
        std::int64_t count = 0;
        const IntParse ip = (t->is_scalar() && !t->quoted) ? parse_integer(t->text, count) : IntParse::not_integer;
        std::optional<double> real;
        if (t->is_scalar() && !t->quoted) real = parse_real(t->text);
        train_rows_.reset();
        if (ip == IntParse::ok || ip == IntParse::overflow) {
          if (ip == IntParse::ok && count >= 1 && (!samples_ok || count <= n_samples - 1)) {
            out.split.is_fraction = false;
            out.split.count = static_cast<int>(std::min<std::int64_t>(count, kMaxSamples));
            if (samples_ok) train_rows_ = count;
          } else {
            error(t->mark, tp, "expected " + expected + ", found " + t->text);
          }
        } else if (real) {
          if (!(std::isfinite(*real) && *real > 0.0 && *real < 1.0)) {
            error(t->mark, tp, "expected " + expected + ", found " + t->text);
          } else {
            out.split.is_fraction = true;
            out.split.fraction = *real;
            if (samples_ok) {
              const auto rows = static_cast<std::int64_t>(std::floor(*real * static_cast<double>(n_samples)));
              if (rows < 1 || rows > n_samples - 1) {
                error(t->mark, tp, fmt::format("a fraction of {} leaves {} of {} rows for training; both parts "
                                               "must be non-empty",
                                               t->text, rows, n_samples));
              } else {
                train_rows_ = rows;
              }
            }
          }
        } else {
          error(t->mark, tp, "expected " + expected + ", found " + describe(*t));
        }
      }
    }
  } else {
    out.split.is_fraction = true;
    out.split.fraction = 0.5;
  }
  return errors() == before;
}

bool Checker::model(const Node& root, const RunConfig& so_far, bool centers_known, RunConfig& out) {
  const std::string path = "model";
  const Node* m = map(require(root, "", "model"), path);
  if (m == nullptr) return false;
  const std::size_t before = errors();
  check_keys(*m, path, {"layers"});
  out.model.layers.clear();
  const Node* layers = require(*m, path, "layers");
  if (layers == nullptr) return false;
  const std::string lp = join(path, "layers");
  if (!layers->is_sequence() || layers->items.empty()) {
    error(layers->mark, lp,
          "expected a non-empty list of layers, found " + (layers->is_sequence() ? std::string("an empty list")
                                                                                   : describe(*layers)));
    return false;
  }
  const std::vector<std::string> activations = {"relu", "tanh", "sigmoid", "linear", "softmax", "leaky_relu", "gelu"};
  const std::vector<std::string> inits = {"he_uniform",    "he_normal", "glorot_uniform", "glorot_normal",
                                          "zeros",         "lecun_uniform", "lecun_normal"};
  for (std::size_t i = 0; i < layers->items.size(); ++i) {
    const std::string p = join(lp, std::to_string(i));
    const Node* l = map(layers->items[i].get(), p);
    if (l == nullptr) continue;
    check_keys(*l, p, {"units", "activation", "init"});
    model::LayerSpec layer;
    const bool last = i + 1 == layers->items.size();
    const Node* units = require(*l, p, "units");
    if (units) {
      if (auto v = integer(*units, join(p, "units"), at_least(1, kMaxUnits))) {
        layer.units = static_cast<int>(*v);
        if (last && centers_known && layer.units != so_far.data.centers) {
          error(units->mark, join(p, "units"),
                fmt::format("the last layer needs one unit per class: data.centers is {}, found {}",
                            so_far.data.centers, units->text));
        }
      }
    }
    if (const Node* a = require(*l, p, "activation")) {
      if (auto v = one_of(*a, join(p, "activation"), activations)) {
        const auto index = std::find(activations.begin(), activations.end(), *v) - activations.begin();
        layer.activation = static_cast<model::Activation>(index);
        if (last && layer.activation != model::Activation::softmax) {
          error(a->mark, join(p, "activation"),
                "the last layer must be softmax (it is fused with the cross-entropy loss), found " + *v);
        }
        if (!last && layer.activation == model::Activation::softmax) {
          error(a->mark, join(p, "activation"), "softmax is only allowed on the last layer");
        }
      }
    }
    if (const Node* n = get(*l, "init")) {
      if (auto v = one_of(*n, join(p, "init"), inits)) {
        layer.init = static_cast<model::Init>(std::find(inits.begin(), inits.end(), *v) - inits.begin());
      }
    }
    out.model.layers.push_back(layer);
  }
  return errors() == before;
}

bool Checker::training(const Node& root, std::optional<std::int64_t> train_rows, RunConfig& out) {
  const std::string path = "training";
  const Node* m = map(require(root, "", "training"), path);
  if (m == nullptr) return false;
  const std::size_t before = errors();
  check_keys(*m, path, {"epochs", "batch_size", "shuffle"});
  out.training = TrainingSpec{};
  if (const Node* n = require(*m, path, "epochs")) {
    if (auto v = integer(*n, join(path, "epochs"), at_least(1, kMaxEpochs))) out.training.epochs = static_cast<int>(*v);
  }
  const Node* batch = get(*m, "batch_size");
  if (batch) {
    if (auto v = integer(*batch, join(path, "batch_size"), at_least(1, kMaxBatch))) {
      out.training.batch_size = static_cast<int>(*v);
    } else {
      batch = nullptr;  // reported; skip the size check
    }
  }
  if (train_rows && out.training.batch_size > *train_rows) {
    error(batch ? batch->mark : m->mark, join(path, "batch_size"),
          fmt::format("batch_size {} is larger than the training set ({} rows)", out.training.batch_size,
                      *train_rows));
  }
  if (const Node* n = get(*m, "shuffle")) {
    if (auto v = boolean(*n, join(path, "shuffle"))) out.training.shuffle = *v;
  }
  return errors() == before;
}

bool Checker::optimizer(const Node& root, RunConfig& out) {
  const std::string path = "optimizer";
  const Node* m = map(require(root, "", "optimizer"), path);
  if (m == nullptr) return false;
  const std::size_t before = errors();
  check_keys(*m, path, {"name", "lr", "params"});
  out.optimizer = OptimizerSpec{};
  const Node* name = require(*m, path, "name");
  const PluginInfo* info = name ? plugin(PluginKind::optimizer, *name, join(path, "name")) : nullptr;
  // `lr` may be left out for a plugin that declares a default learning rate.
  if (const Node* n = get(*m, "lr")) {
    if (auto v = number(*n, join(path, "lr"), above(0))) out.optimizer.lr = *v;
  } else if (info != nullptr && info->meta.default_lr) {
    out.optimizer.lr = *info->meta.default_lr;
  } else if (info != nullptr || name == nullptr) {
    static_cast<void>(require(*m, path, "lr"));
  }
  if (info == nullptr) return false;
  out.optimizer.name = std::string(info->meta.name);
  out.optimizer.adapts_step_size = info->meta.adapts_step_size;
  const Entry* given = m->find("params");
  auto values = params(*info, given ? given->value.get() : nullptr, join(path, "params"));
  if (!values) return false;
  // Dry construction: a plugin's cross-parameter checks (std::invalid_argument
  // from its constructor) surface now, with a position, instead of failing
  // every run of the variant later.
  const Mark at = given ? given->value->mark : m->mark;
  if (dry_construct) try {
    static_cast<void>(plugins::make_optimizer(catalog_, info->meta.name, *values));
  } catch (const std::exception& e) {
    error(at, join(path, "params"), fmt::format("optimizer '{}' rejects these parameters: {}", info->meta.name, e.what()));
  } catch (...) {
    error(at, join(path, "params"), fmt::format("optimizer '{}' failed to construct", info->meta.name));
  }
  out.optimizer.params = std::move(*values);
  return errors() == before;
}

std::optional<SchedulePart> Checker::schedule_part(const Node& m, const std::string& path, bool last,
                                                   bool in_sequence, std::optional<double> lr) {
  const std::size_t before = errors();
  SchedulePart part;
  if (in_sequence) {
    const Node* t = get(m, "ticks");
    if (!last) {
      if (t == nullptr) {
        error(m.mark, path, "missing required key 'ticks' (every part but the last needs its length)");
      } else if (auto v = integer(*t, join(path, "ticks"), at_least(1))) {
        part.ticks = *v;
      }
    } else if (t != nullptr) {
      error(m.find("ticks")->key_mark, join(path, "ticks"), "the last part runs to the end of training; remove 'ticks'");
    }
  }
  const Node* name = require(m, path, "name");
  const PluginInfo* info = name ? plugin(PluginKind::schedule, *name, join(path, "name")) : nullptr;
  if (info == nullptr) return std::nullopt;
  part.name = std::string(info->meta.name);
  const Entry* given = m.find("params");
  auto values = params(*info, given ? given->value.get() : nullptr, join(path, "params"));
  if (!values) return std::nullopt;
  if (lr && dry_construct) {
    const Mark at = given ? given->value->mark : m.mark;
    try {
      static_cast<void>(plugins::make_schedule(catalog_, info->meta.name, *values, *lr));
    } catch (const std::exception& e) {
      error(at, join(path, "params"), fmt::format("schedule '{}' rejects these parameters: {}", info->meta.name, e.what()));
    } catch (...) {
      error(at, join(path, "params"), fmt::format("schedule '{}' failed to construct", info->meta.name));
    }
  }
  part.params = std::move(*values);
  if (errors() != before) return std::nullopt;
  return part;
}

bool Checker::schedule(const Node& root, std::optional<double> lr, RunConfig& out) {
  const std::string path = "schedule";
  const std::size_t before = errors();
  out.schedule = ScheduleSpec{};
  const Node* given = get(root, "schedule");
  if (given == nullptr) {
    // The documented default: a constant learning rate, ticking per step.
    Node m;
    m.kind = Node::Kind::map;
    m.mark = root.mark;
    auto name = std::make_shared<Node>();
    name->kind = Node::Kind::scalar;
    name->text = "constant";
    name->mark = root.mark;
    m.entries.push_back(Entry{"name", root.mark, name});
    if (auto part = schedule_part(m, path, true, false, lr)) out.schedule.parts.push_back(std::move(*part));
    return errors() == before;
  }
  const Node* m = map(given, path);
  if (m == nullptr) return false;
  check_keys(*m, path, {"name", "tick", "params", "sequence"});
  if (const Node* t = get(*m, "tick")) {
    if (auto v = one_of(*t, join(path, "tick"), {"step", "epoch"})) out.schedule.tick = *v == "epoch" ? Tick::epoch : Tick::step;
  }
  const Entry* sequence = m->find("sequence");
  if (sequence != nullptr) {
    for (const char* key : {"name", "params"}) {
      if (const Entry* e = m->find(key)) {
        error(e->key_mark, join(path, key), fmt::format("give either 'sequence' or '{}', not both", key));
      }
    }
    const std::string sp = join(path, "sequence");
    const Node& s = *sequence->value;
    if (!s.is_sequence() || s.items.empty()) {
      error(s.mark, sp, "expected a non-empty list of schedules, found " +
                            (s.is_sequence() ? std::string("an empty list") : describe(s)));
      return false;
    }
    for (std::size_t i = 0; i < s.items.size(); ++i) {
      const std::string p = join(sp, std::to_string(i));
      const Node* pm = map(s.items[i].get(), p);
      if (pm == nullptr) continue;
      check_keys(*pm, p, {"name", "ticks", "params"});
      if (auto part = schedule_part(*pm, p, i + 1 == s.items.size(), true, lr)) {
        out.schedule.parts.push_back(std::move(*part));
      }
    }
  } else if (m->find("name") == nullptr) {
    error(m->mark, path, "missing required key 'name' (or 'sequence')");
  } else if (auto part = schedule_part(*m, path, true, false, lr)) {
    out.schedule.parts.push_back(std::move(*part));
  }
  return errors() == before;
}

bool Checker::record(const Node& root, RunConfig& out) {
  const std::string path = "record";
  out.record = RecordSpec{};
  const Node* given = get(root, "record");
  if (given == nullptr) return true;
  const Node* m = map(given, path);
  if (m == nullptr) return false;
  const std::size_t before = errors();
  check_keys(*m, path, {"lr_per_update"});
  if (const Node* n = get(*m, "lr_per_update")) {
    if (auto v = integer(*n, join(path, "lr_per_update"), at_least(0, kMaxRecord))) {
      out.record.lr_per_update = static_cast<int>(*v);
    }
  }
  return errors() == before;
}

using plugins::to_json;

// The canonical form of a resolved configuration: every default written out,
// object keys sorted (nlohmann::json's default object), schedules always as
// a sequence so "one schedule" has a single spelling.
nlohmann::json to_json(const RunConfig& c) {
  nlohmann::json j;
  const data::BlobsSpec& b = c.data;
  nlohmann::json split;
  if (c.split.is_fraction) {
    split["train"] = c.split.fraction;
  } else {
    split["train"] = c.split.count;
  }
  j["data"] = {{"kind", "blobs"},
               {"generator", b.generator == data::BlobsGenerator::native ? "native" : "sklearn"},
               {"n_samples", b.n_samples},
               {"centers", b.centers},
               {"n_features", b.n_features},
               {"cluster_std", b.cluster_std},
               {"center_box", {b.center_box_low, b.center_box_high}},
               {"shuffle", b.shuffle},
               {"random_state", b.random_state},
               {"split", split}};
  nlohmann::json layers = nlohmann::json::array();
  for (const model::LayerSpec& l : c.model.layers) {
    layers.push_back({{"units", l.units},
                      {"activation", std::string(model::to_string(l.activation))},
                      {"init", std::string(model::to_string(l.init))}});
  }
  j["model"] = {{"layers", layers}};
  j["training"] = {{"epochs", c.training.epochs}, {"batch_size", c.training.batch_size}, {"shuffle", c.training.shuffle}};
  j["optimizer"] = {{"name", c.optimizer.name}, {"lr", c.optimizer.lr}, {"params", to_json(c.optimizer.params)}};
  // Written only when true, so that the configurations (and run ids) of
  // plugins that use lr as their step size stay as they were.
  if (c.optimizer.adapts_step_size) j["optimizer"]["adapts_step_size"] = true;
  nlohmann::json parts = nlohmann::json::array();
  for (const SchedulePart& p : c.schedule.parts) {
    nlohmann::json part = {{"name", p.name}, {"params", to_json(p.params)}};
    if (p.ticks) part["ticks"] = *p.ticks;
    parts.push_back(part);
  }
  j["schedule"] = {{"tick", c.schedule.tick == Tick::epoch ? "epoch" : "step"}, {"sequence", parts}};
  j["record"] = {{"lr_per_update", c.record.lr_per_update}};
  return j;
}

std::optional<RunConfig> Checker::config(const Node& root) {
  const std::size_t before = errors();
  RunConfig c;
  centers_ok_ = false;
  train_rows_.reset();
  data(root, c);
  // Cross-section checks need the data section's values; when those are
  // themselves wrong, the dependent checks are skipped rather than reported
  // against a guess.
  model(root, c, centers_ok_, c);
  training(root, train_rows_, c);
  const bool optimizer_ok = optimizer(root, c);
  schedule(root, optimizer_ok ? std::optional<double>(c.optimizer.lr) : std::nullopt, c);
  record(root, c);
  if (errors() != before) return std::nullopt;
  c.resolved = to_json(c);
  return c;
}

// --- the experiment: sweep, variants, seeds ----------------------------------

struct Setting {
  std::vector<std::string> path;
  std::string key;  // as written: "optimizer.lr"
  Mark key_mark;
  NodePtr value;
};

struct Axis {
  std::vector<std::string> path;
  std::string key;
  Mark key_mark;
  std::vector<NodePtr> values;
};

struct VariantDef {
  std::optional<std::string> label;
  Mark mark;  // the label's, or the variant's
  std::vector<Setting> settings;
};

std::string last_part(const std::vector<std::string>& path) { return path.empty() ? "" : path.back(); }

// Splits a dotted key and checks its first part names a config section.
std::optional<std::vector<std::string>> dotted(Checker& c, const std::string& key, Mark at, const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  for (const std::string& p : parts) {
    if (p.empty()) {
      c.error(at, path, fmt::format("'{}' is not a dotted key (empty part)", key));
      return std::nullopt;
    }
  }
  if (std::find(kConfigSections.begin(), kConfigSections.end(), parts[0]) == kConfigSections.end()) {
    if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), parts[0]) != kTopLevelKeys.end()) {
      c.error(at, path, fmt::format("'{}' describes the experiment and cannot be swept or set by a variant; "
                                    "keys under data, model, training, optimizer, schedule, record can",
                                    parts[0]));
      return std::nullopt;
    }
    std::string message = fmt::format("unknown key '{}'", parts[0]);
    if (auto best = nearest(parts[0], kConfigSections)) {
      message += "; did you mean '" + *best + "'?";
    } else {
      message += "; sweeps and variants may set keys under: data, model, training, optimizer, schedule, record";
    }
    c.error(at, path, message);
    return std::nullopt;
  }
  return parts;
}

std::optional<std::uint64_t> seed_value(Checker& c, const Node& n, const std::string& path) {
  std::uint64_t v = 0;
  if (n.is_scalar() && !n.quoted && !n.text.empty() && n.text[0] != '-') {
    const char* first = n.text.data() + (n.text[0] == '+' ? 1 : 0);
    const char* last = n.text.data() + n.text.size();
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc() && ptr == last) return v;
  }
  std::int64_t negative = 0;
  if (n.is_scalar() && !n.quoted && parse_integer(n.text, negative) == IntParse::ok) {
    c.error(n.mark, path, "expected an integer >= 0, found " + n.text);
  } else {
    c.error(n.mark, path, "expected an integer >= 0, found " + describe(n));
  }
  return std::nullopt;
}

bool safe_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  const auto alnum = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
  };
  if (!alnum(name[0])) return false;
  for (char ch : name) {
    if (!alnum(ch) && ch != '.' && ch != '_' && ch != '-') return false;
  }
  // Harmless inside one path component, but names are also pasted into
  // shell commands and URLs by users; ".." there invites mistakes.
  return name.find("..") == std::string::npos;
}

std::string reserved_name_message(const std::string& name) {
  return fmt::format("'{}' is the name of a file lrbench writes into the output folder (README.md, runs.jsonl, "
                     "summary.json, ...); choose another name",
                     name);
}

nlohmann::json raw_json(const Node& n) {
  switch (n.kind) {
    case Node::Kind::null: return nullptr;
    case Node::Kind::scalar: return n.text;
    case Node::Kind::sequence: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& item : n.items) a.push_back(raw_json(*item));
      return a;
    }
    case Node::Kind::map: {
      nlohmann::json o = nlohmann::json::object();
      for (const Entry& e : n.entries) o[e.key] = raw_json(*e.value);
      return o;
    }
  }
  return nullptr;
}

std::vector<Diagnostic> tidy(std::vector<Diagnostic> in) {
  // The same base-document problem is found once per variant; report it once.
  std::vector<Diagnostic> out;
  std::set<std::tuple<std::string, int, int, std::string, std::string>> seen;
  for (Diagnostic& d : in) {
    if (seen.emplace(d.file, d.line, d.column, d.path, d.message).second) out.push_back(std::move(d));
  }
  // By position within a file; the files (with `extends`, several) in the
  // order the checks first found a problem in each, so the list follows the
  // sections (data, model, ...) rather than jumping between files.
  std::map<std::string, std::size_t> file_rank;
  for (const Diagnostic& d : out) file_rank.emplace(d.file, file_rank.size());
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    return std::tuple(file_rank[a.file], a.line, a.column) < std::tuple(file_rank[b.file], b.line, b.column);
  });
  return out;
}

std::string default_name(const std::string& file) {
  return std::filesystem::path(file).stem().string();
}

// --- extends -------------------------------------------------------------------

// The text of a file named by `extends`, with the limits of load_scenario;
// nullopt with `why` set when it cannot be used.
std::optional<std::string> read_base_file(const std::filesystem::path& file, std::string& why) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    why = "is a directory, not a scenario file";
    return std::nullopt;
  }
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    why = "cannot read the file: " + ec.message();
    return std::nullopt;
  }
  if (size > kMaxFileBytes) {
    why = fmt::format("the file is {} bytes; scenarios are limited to {} bytes", size, kMaxFileBytes);
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || in.bad()) {
    why = "cannot read the file";
    return std::nullopt;
  }
  return text.str();
}

// `root` with its `extends` chain resolved: the named file (relative to the
// folder of `file`) is loaded, its own `extends` resolved the same way, and
// `root` merged over it (tree::merge). The base's `name` is dropped: a name
// defaults to the file name, and inheriting it would give every scenario
// extending one base the same name (and output folder). `chain` holds the
// files being resolved, to refuse cycles. nullptr after a diagnostic.
NodePtr with_bases(const NodePtr& root, const std::string& file, std::vector<std::filesystem::path>& chain,
                   std::vector<Diagnostic>& diags) {
  namespace fs = std::filesystem;
  if (!root->is_map()) return root;
  const Entry* extends = root->find("extends");
  if (extends == nullptr) return root;
  auto own = std::make_shared<Node>(*root);
  std::erase_if(own->entries, [](const Entry& e) { return e.key == "extends"; });

  const Node& v = *extends->value;
  auto fail = [&](const std::string& message) {
    diags.push_back(Diagnostic{v.mark.file ? *v.mark.file : file, v.mark.line, v.mark.column, "extends", message});
    return NodePtr{};
  };
  if (!v.is_scalar() || v.text.empty()) return fail("expected the path of a YAML file, found " + describe(v));
  const fs::path base_file = (fs::path(file).parent_path() / v.text).lexically_normal();
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(base_file, ec);
  const fs::path key = ec ? fs::absolute(base_file, ec) : canonical;
  if (auto at = std::find(chain.begin(), chain.end(), key); at != chain.end()) {
    std::string cycle;
    for (auto it = at; it != chain.end(); ++it) cycle += it->filename().string() + " → ";
    return fail(fmt::format("'{}' extends itself: {}{}", v.text, cycle, key.filename().string()));
  }
  const std::string base_name = base_file.string();
  std::string why;
  const std::optional<std::string> text = read_base_file(base_file, why);
  if (!text) return fail(fmt::format("cannot extend '{}' ({}): {}", v.text, base_name, why));
  if (auto bad = tree::check_text(*text, base_name)) {
    diags.push_back(*bad);
    return nullptr;
  }
  const NodePtr base_root = tree::parse(*text, base_name, kMaxNodes, diags);
  if (!base_root) return nullptr;
  if (!base_root->is_map()) {
    diags.push_back(Diagnostic{base_name, base_root->mark.line, base_root->mark.column, "",
                               "a file named by 'extends' must hold a map of scenario keys, found " +
                                   describe(*base_root)});
    return nullptr;
  }
  chain.push_back(key);
  NodePtr base = with_bases(base_root, base_name, chain, diags);
  chain.pop_back();
  if (!base) return nullptr;
  auto unnamed = std::make_shared<Node>(*base);
  std::erase_if(unnamed->entries, [](const Entry& e) { return e.key == "name"; });
  return tree::merge(unnamed, own);
}

}  // namespace

Scenario load_scenario_text(std::string_view yaml, std::string file, const plugins::PluginCatalog& catalog,
                            const LoadOptions& options) {
  if (auto bad = tree::check_text(yaml, file)) throw ScenarioError({*bad});
  std::vector<Diagnostic> diags;
  NodePtr root_ptr = tree::parse(yaml, file, kMaxNodes, diags);
  if (!root_ptr) throw ScenarioError(tidy(std::move(diags)));
  {
    std::error_code ec;
    std::vector<std::filesystem::path> chain{std::filesystem::weakly_canonical(file, ec)};
    root_ptr = with_bases(root_ptr, file, chain, diags);
    if (!root_ptr) throw ScenarioError(tidy(std::move(diags)));
  }
  const Node& root = *root_ptr;
  Checker c(file, catalog, diags);
  c.dry_construct = options.dry_construct;
  if (!root.is_map()) {
    c.error(root.mark, "", "expected a map of scenario keys at the top level, found " + describe(root));
    throw ScenarioError(tidy(std::move(diags)));
  }
  c.check_keys(root, "", kTopLevelKeys);

  Scenario s;
  s.file = file;

  // name, description
  if (const Entry* e = root.find("name")) {
    if (auto v = c.text(*e->value, "name")) {
      if (safe_name(*v) && util::is_reserved_output_name(*v)) {
        c.error(e->value->mark, "name", reserved_name_message(*v));
      } else if (safe_name(*v)) {
        s.name = *v;
      } else {
        c.error(e->value->mark, "name",
                fmt::format("'{}' is not a safe folder name: use [A-Za-z0-9][A-Za-z0-9._-]*, at most {} characters, "
                            "no '..'",
                            printable(*v), kMaxNameLength));
      }
    }
  } else {
    s.name = default_name(file);
    if (util::is_reserved_output_name(s.name)) {
      c.error(root.mark, "name", reserved_name_message(s.name) + "; add a 'name:' key");
    } else if (!safe_name(s.name)) {
      c.error(root.mark, "name",
              fmt::format("the file name '{}' is not a safe scenario name; add a 'name:' key "
                          "([A-Za-z0-9][A-Za-z0-9._-]*)",
                          s.name));
    }
  }
  if (const Node* n = c.get(root, "description")) {
    if (auto v = c.text(*n, "description")) s.description = *v;
  }

  // seeds
  if (options.seeds_override) {
    const auto& seeds = *options.seeds_override;
    if (seeds.empty()) diags.push_back(Diagnostic{"--seeds", 0, 0, "", "expected at least one seed"});
    std::set<std::uint64_t> seen;
    for (std::uint64_t seed : seeds) {
      if (!seen.insert(seed).second) {
        diags.push_back(Diagnostic{"--seeds", 0, 0, "", fmt::format("seed {} is given twice", seed)});
      }
    }
    s.seeds = seeds;
  } else if (const Node* n = c.get(root, "seeds")) {
    if (!n->is_sequence() || n->items.empty()) {
      c.error(n->mark, "seeds",
              "expected a non-empty list of integers >= 0, found " +
                  (n->is_sequence() ? std::string("an empty list") : describe(*n)) +
                  (n->is_scalar() ? fmt::format(" (write [{}] for one seed)", n->text) : ""));
    } else {
      std::map<std::uint64_t, std::size_t> seen;
      for (std::size_t i = 0; i < n->items.size(); ++i) {
        const std::string p = "seeds." + std::to_string(i);
        if (auto v = seed_value(c, *n->items[i], p)) {
          if (auto [where, inserted] = seen.emplace(*v, i); !inserted) {
            c.error(n->items[i]->mark, p, fmt::format("seed {} is given twice (also item {})", *v, where->second));
          } else {
            s.seeds.push_back(*v);
          }
        }
      }
    }
  } else {
    s.seeds = {0};
  }

  // target
  if (const Node* n = c.get(root, "target")) {
    if (const Node* m = c.map(n, "target")) {
      c.check_keys(*m, "target", {"test_accuracy", "train_accuracy"});
      std::size_t given = 0;
      for (const Entry& e : m->entries) {
        if (e.key != "test_accuracy" && e.key != "train_accuracy") continue;
        if (++given > 1) {
          c.error(e.key_mark, "target." + e.key, "give exactly one of test_accuracy or train_accuracy");
          continue;
        }
        if (auto v = c.number(*e.value, "target." + e.key, Range{0, 1, true, false})) s.target = Target{e.key, *v};
      }
      if (given == 0) c.error(m->mark, "target", "missing required key 'test_accuracy' (or 'train_accuracy')");
    }
  }

  // sweep: dotted key → non-empty list
  std::vector<Axis> axes;
  const Entry* sweep_entry = root.find("sweep");
  if (sweep_entry) {
    if (const Node* m = c.map(sweep_entry->value.get(), "sweep")) {
      for (const Entry& e : m->entries) {
        const std::string p = "sweep." + e.key;
        auto path = dotted(c, e.key, e.key_mark, p);
        if (!e.value->is_sequence() || e.value->items.empty()) {
          c.error(e.value->mark, p,
                  "expected a non-empty list of values, found " +
                      (e.value->is_sequence() ? std::string("an empty list") : describe(*e.value)) +
                      (e.value->is_scalar() ? fmt::format(" (write [{}] to sweep one value)", e.value->text) : ""));
          continue;
        }
        if (path) axes.push_back(Axis{*path, e.key, e.key_mark, e.value->items});
      }
    }
  }

  // variants: [{label?, set: {dotted: value}}]
  std::vector<VariantDef> defs;
  const Entry* variants_entry = root.find("variants");
  if (variants_entry) {
    const Node& v = *variants_entry->value;
    if (!v.is_sequence() || v.items.empty()) {
      c.error(v.mark, "variants", "expected a non-empty list of variants, found " +
                                      (v.is_sequence() ? std::string("an empty list") : describe(v)));
    } else {
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        const std::string p = "variants." + std::to_string(i);
        const Node* m = c.map(v.items[i].get(), p);
        if (m == nullptr) continue;
        c.check_keys(*m, p, {"label", "set"});
        VariantDef def;
        def.mark = m->mark;
        if (const Node* l = c.get(*m, "label")) {
          if (auto text = c.text(*l, p + ".label")) {
            if (text->empty()) {
              c.error(l->mark, p + ".label", "a label cannot be empty");
            } else {
              def.label = *text;
              def.mark = l->mark;
            }
          }
        }
        if (const Node* set = c.map(c.get(*m, "set"), p + ".set")) {
          for (const Entry& e : set->entries) {
            if (auto path = dotted(c, e.key, e.key_mark, p + ".set." + e.key)) {
              def.settings.push_back(Setting{*path, e.key, e.key_mark, e.value});
            }
          }
        }
        defs.push_back(std::move(def));
      }
    }
  }

  // The plan size, before expanding anything: a runaway grid must fail fast.
  const std::size_t seeds_count = std::max<std::size_t>(1, s.seeds.size());
  std::size_t variant_count = std::max<std::size_t>(1, defs.size());
  bool overflow = false;
  for (const Axis& a : axes) {
    if (variant_count > std::numeric_limits<std::size_t>::max() / a.values.size()) overflow = true;
    else variant_count *= a.values.size();
  }
  if (!overflow && variant_count > std::numeric_limits<std::size_t>::max() / seeds_count) overflow = true;
  const std::size_t runs = overflow ? 0 : variant_count * seeds_count;
  if (overflow || runs > options.max_runs) {
    const Entry* at = sweep_entry ? sweep_entry : variants_entry ? variants_entry : root.find("seeds");
    const Mark m = at ? at->key_mark : root.mark;
    c.error(m, "",
            fmt::format("the plan has {} runs, more than --max-runs {}; raise --max-runs or shrink the grid",
                        overflow ? std::string("more than 18446744073709551615") : std::to_string(runs),
                        options.max_runs));
  }
  if (overflow || runs > options.max_runs) throw ScenarioError(tidy(std::move(diags)));

  // The base configuration.
  std::vector<Diagnostic> base_diags;
  Checker base_checker(file, catalog, base_diags);
  base_checker.dry_construct = options.dry_construct;
  const std::optional<RunConfig> base = base_checker.config(root);
  if (base) {
    s.setup = base->resolved;
  } else {
    // Only the sweep/variants complete it: record the document as written.
    s.setup = nlohmann::json::object();
    for (const Entry& e : root.entries) {
      if (std::find(kConfigSections.begin(), kConfigSections.end(), e.key) != kConfigSections.end()) {
        s.setup[e.key] = raw_json(*e.value);
      }
    }
  }

  if (axes.empty() && defs.empty()) {
    diags.insert(diags.end(), base_diags.begin(), base_diags.end());
    if (base) s.variants.push_back(Variant{"base", *base});
  } else {
    if (defs.empty()) defs.push_back(VariantDef{});  // the grid alone
    std::map<std::string, std::size_t> labels;           // label → variant index
    std::map<std::string, std::string> configs;          // resolved dump → label
    const std::size_t grid = variant_count / std::max<std::size_t>(1, defs.size());
    for (const VariantDef& def : defs) {
      // The variant's own settings.
      NodePtr variant_root = root_ptr;
      std::string variant_label;
      bool ok = true;
      for (const Setting& set : def.settings) {
        std::string why;
        NodePtr next = tree::with_value(variant_root, set.path, set.value, set.key_mark, why);
        if (!next) {
          c.error(set.key_mark, set.key, fmt::format("cannot set '{}': {}", set.key, why));
          ok = false;
          break;
        }
        variant_root = next;
        if (!def.label) {
          variant_label += (variant_label.empty() ? "" : ", ") + last_part(set.path) + "=" + tree::render(*set.value);
        }
      }
      if (!ok) continue;
      if (def.label) variant_label = *def.label;
      if (variant_label.empty() && axes.empty()) variant_label = "base";
      // Each point of the grid, last key fastest.
      std::vector<std::size_t> index(axes.size(), 0);
      for (std::size_t point = 0; point < grid; ++point) {
        NodePtr point_root = variant_root;
        std::string label = variant_label;
        Mark mark = def.mark;
        for (std::size_t k = 0; k < axes.size(); ++k) {
          const Axis& axis = axes[k];
          const NodePtr& value = axis.values[index[k]];
          std::string why;
          NodePtr next = tree::with_value(point_root, axis.path, value, axis.key_mark, why);
          if (!next) {
            c.error(axis.key_mark, "sweep." + axis.key, fmt::format("cannot set '{}': {}", axis.key, why));
            ok = false;
            break;
          }
          point_root = next;
          label += (label.empty() ? "" : ", ") + last_part(axis.path) + "=" + tree::render(*value);
          if (index[k] > 0) mark = value->mark;
        }
        // Advance the odometer.
        for (std::size_t k = axes.size(); k-- > 0;) {
          if (++index[k] < axes[k].values.size()) break;
          index[k] = 0;
        }
        if (!ok) break;
        std::optional<RunConfig> config = c.config(*point_root);
        if (label.size() > kMaxLabelLength) {
          // The grid's first point has no value mark of its own: the sweep's.
          c.error(mark.line > 0 || axes.empty() ? mark : axes.front().key_mark,
                  def.label ? "variants" : (axes.empty() ? "variants" : "sweep"),
                  fmt::format("the label '{}...' is {} characters long, more than {}; give the variant a shorter "
                              "'label'",
                              printable(label.substr(0, 40)), label.size(), kMaxLabelLength));
          continue;
        }
        if (auto [where, inserted] = labels.emplace(label, s.variants.size()); !inserted) {
          c.error(mark, def.label ? "variants" : (axes.empty() ? "variants" : "sweep"),
                  fmt::format("duplicate label '{}'; every variant needs its own", label));
          continue;
        }
        if (!config) continue;
        if (auto [where, inserted] = configs.emplace(config->resolved.dump(), label); !inserted) {
          c.error(mark, "", fmt::format("variant '{}' resolves to the same configuration as '{}'; their runs would "
                                        "be identical",
                                        label, where->second));
          continue;
        }
        s.variants.push_back(Variant{label, std::move(*config)});
      }
    }
  }

  if (!diags.empty()) throw ScenarioError(tidy(std::move(diags)));
  return s;
}

Scenario load_scenario(const std::filesystem::path& file, const plugins::PluginCatalog& catalog,
                       const LoadOptions& options) {
  const std::string name = file.string();
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    throw ScenarioError({Diagnostic{name, 0, 0, "", "is a directory, not a scenario file"}});
  }
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw ScenarioError({Diagnostic{name, 0, 0, "", "cannot read the file: " + ec.message()}});
  if (size > kMaxFileBytes) {
    throw ScenarioError({Diagnostic{name, 0, 0, "",
                                    fmt::format("the file is {} bytes; scenarios are limited to {} bytes", size,
                                                kMaxFileBytes)}});
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError({Diagnostic{name, 0, 0, "", "cannot open the file"}});
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ScenarioError({Diagnostic{name, 0, 0, "", "cannot read the file"}});
  return load_scenario_text(text.str(), name, catalog, options);
}

}  // namespace lrbench::scenario
