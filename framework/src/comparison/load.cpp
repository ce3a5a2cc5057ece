// load_comparison: the document and its tasks read with the scenario
// module's own steps (source, tree, extends, experiment keys), then every
// trial expanded and read as a whole configuration by scenario::expand.
#include "comparison/load.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "comparison/search_space.hpp"
#include "scenario/canonical.hpp"
#include "scenario/expand.hpp"
#include "scenario/experiment.hpp"
#include "scenario/extends.hpp"
#include "scenario/limits.hpp"
#include "scenario/loader.hpp"
#include "util/hash.hpp"
#include "scenario/plugin_params.hpp"
#include "scenario/sections.hpp"
#include "scenario/source.hpp"

namespace lrbench::comparison {

using scenario::Diagnostic;
using scenario::Reader;
using scenario::ScenarioError;
using scenario::tree::Entry;
using scenario::tree::Mark;
using scenario::tree::Node;
using scenario::tree::NodePtr;

namespace {

const std::vector<std::string> kCompareKeys = {"tasks",      "contenders", "budget", "select_on",
                                               "final_seeds", "epsilon",    "alpha"};
const std::vector<std::string> kContenderKeys = {"name", "optimizer", "schedule", "search"};
const std::vector<std::string> kDataMetrics = {"validation_accuracy", "validation_loss", "test_accuracy",
                                               "test_loss",           "train_accuracy",  "train_loss"};
constexpr std::size_t kDefaultFinalSeeds = 10;

Metric metric_named(const std::string& name) {
  const bool loss = name.ends_with("_loss");
  return {name, loss ? stats::Direction::lower_is_better : stats::Direction::higher_is_better};
}

// The file's tree with `extends` resolved; nullptr after diagnostics.
NodePtr read_tree(const std::string& file, std::vector<Diagnostic>& diags) {
  std::string why;
  const std::optional<std::string> text = scenario::read_source(file, why);
  if (!text) {
    diags.push_back(Diagnostic{file, 0, 0, "", why});
    return nullptr;
  }
  if (auto bad = scenario::tree::check_text(*text, file)) {
    diags.push_back(*bad);
    return nullptr;
  }
  NodePtr root = scenario::tree::parse(*text, file, scenario::limits::kMaxNodes, diags);
  if (!root) return nullptr;
  return scenario::resolve_extends(root, file, diags);
}

NodePtr map_node(const Mark& mark, std::vector<Entry> entries) {
  auto node = std::make_shared<Node>();
  node->kind = Node::Kind::map;
  node->mark = mark;
  node->entries = std::move(entries);
  return node;
}

// One task: its name and its document (a task file's tree with this
// document's configuration sections merged over it, or this document).
struct TaskRoot {
  std::string name;
  NodePtr root;
};

std::vector<TaskRoot> read_tasks(Reader& r, const Node* tasks, const NodePtr& root, const std::string& name,
                                 const std::string& file, std::vector<Diagnostic>& diags) {
  if (tasks == nullptr) return {TaskRoot{name, root}};
  std::vector<TaskRoot> out;
  if (!tasks->is_sequence() || tasks->items.empty()) {
    r.error(tasks->mark, "compare.tasks",
            "expected a non-empty list of tasks (scenario files, or {name, data, model, training}), found " +
                scenario::describe(*tasks));
    return out;
  }
  // What this document sets for every task: its configuration sections.
  std::vector<Entry> own;
  for (const Entry& e : root->entries) {
    const auto& sections = scenario::config_sections();
    if (std::find(sections.begin(), sections.end(), e.key) != sections.end()) own.push_back(e);
  }
  const NodePtr over = map_node(root->mark, own);
  std::set<std::string> names;
  for (std::size_t i = 0; i < tasks->items.size(); ++i) {
    const std::string p = fmt::format("compare.tasks.{}", i);
    if (tasks->items[i]->is_map()) {
      // An inline task: its name and the configuration sections it sets
      // over this document's.
      const Node& m = *tasks->items[i];
      std::vector<std::string> allowed = scenario::config_sections();
      allowed.insert(allowed.begin(), "name");
      r.check_keys(m, p, allowed);
      const Node* name_node = r.require(m, p, "name");
      const auto task_name = name_node ? r.text(*name_node, p + ".name") : std::nullopt;
      if (!task_name) continue;
      if (!names.insert(*task_name).second) {
        r.error(name_node->mark, p + ".name", fmt::format("task '{}' is listed twice", *task_name));
        continue;
      }
      std::vector<Entry> sections;
      for (const Entry& e : m.entries) {
        if (e.key != "name") sections.push_back(e);
      }
      out.push_back(TaskRoot{*task_name, scenario::tree::merge(root, map_node(m.mark, sections))});
      continue;
    }
    const auto text = r.text(*tasks->items[i], p);
    if (!text) continue;
    const std::filesystem::path path = std::filesystem::path(file).parent_path() / *text;
    std::vector<Diagnostic> task_diags;
    NodePtr task = read_tree(path.string(), task_diags);
    if (!task || !task->is_map()) {
      r.error(tasks->items[i]->mark, p, fmt::format("cannot use task file '{}'", *text));
      diags.insert(diags.end(), task_diags.begin(), task_diags.end());
      continue;
    }
    const std::string task_name = path.stem().string();
    if (!names.insert(task_name).second) {
      r.error(tasks->items[i]->mark, p, fmt::format("task '{}' is listed twice", task_name));
      continue;
    }
    out.push_back(TaskRoot{task_name, scenario::tree::merge(task, over)});
  }
  return out;
}

std::optional<Budget> read_budget(Reader& r, const Node* n) {
  Budget budget;
  if (n == nullptr) return budget;
  if (n->is_scalar() && n->text == "grid") return budget;
  if (n->is_map()) {
    r.check_keys(*n, "compare.budget", {"random", "seed"});
    const Node* k = r.require(*n, "compare.budget", "random");
    if (k == nullptr) return std::nullopt;
    const auto trials = r.integer(*k, "compare.budget.random", scenario::at_least(1, 100000));
    if (!trials) return std::nullopt;
    budget.random = true;
    budget.trials = static_cast<std::size_t>(*trials);
    if (const Node* s = Reader::get(*n, "seed")) {
      const auto seed = r.integer(*s, "compare.budget.seed", scenario::at_least(0));
      if (!seed) return std::nullopt;
      budget.seed = static_cast<std::uint64_t>(*seed);
    }
    return budget;
  }
  r.error(n->mark, "compare.budget", "expected 'grid' or {random: TRIALS, seed: SEED}, found " + scenario::describe(*n));
  return std::nullopt;
}

// `final_seeds`: a count (the first integers above the largest tuning seed)
// or a list; never a tuning seed.
std::vector<std::uint64_t> read_final_seeds(Reader& r, const Node* n, const std::vector<std::uint64_t>& tuning) {
  std::vector<std::uint64_t> out;
  const std::uint64_t first = tuning.empty() ? 0 : *std::max_element(tuning.begin(), tuning.end()) + 1;
  if (n == nullptr || !n->is_sequence()) {
    std::size_t count = kDefaultFinalSeeds;
    if (n != nullptr) {
      const auto v = r.integer(*n, "compare.final_seeds", scenario::at_least(1, 10000));
      if (!v) return out;
      count = static_cast<std::size_t>(*v);
    }
    for (std::size_t i = 0; i < count; ++i) out.push_back(first + i);
    return out;
  }
  std::set<std::uint64_t> seen;
  for (std::size_t i = 0; i < n->items.size(); ++i) {
    const std::string p = fmt::format("compare.final_seeds.{}", i);
    const auto v = r.integer(*n->items[i], p, scenario::at_least(0));
    if (!v) continue;
    const auto seed = static_cast<std::uint64_t>(*v);
    if (std::find(tuning.begin(), tuning.end(), seed) != tuning.end()) {
      r.error(n->items[i]->mark, p,
              fmt::format("seed {} is also a tuning seed; the final seeds must be fresh (the tune stage never saw "
                          "them), or the confirmed scores reuse the runs the selection was made on",
                          seed));
      continue;
    }
    if (!seen.insert(seed).second) {
      r.error(n->items[i]->mark, p, fmt::format("seed {} is listed twice", seed));
      continue;
    }
    out.push_back(seed);
  }
  if (n->items.empty()) r.error(n->mark, "compare.final_seeds", "expected at least one seed");
  return out;
}

// The contender's optimizer (and schedule) as settings over the task's
// document: `optimizer: adam` is {name: adam}; a map replaces the whole
// optimizer section, so a base's parameters never leak into a contender.
std::vector<scenario::Setting> contender_settings(const Node& c) {
  std::vector<scenario::Setting> settings;
  if (const Entry* o = c.find("optimizer")) {
    NodePtr value = o->value;
    if (value->is_scalar()) value = map_node(value->mark, {Entry{"name", o->key_mark, value}});
    settings.push_back(scenario::Setting{{"optimizer"}, "optimizer", o->key_mark, value});
  }
  if (const Entry* s = c.find("schedule")) {
    settings.push_back(scenario::Setting{{"schedule"}, "schedule", s->key_mark, s->value});
  }
  return settings;
}

// The value a searched key took in a resolved configuration.
nlohmann::json searched_value(const nlohmann::json& resolved, const std::vector<std::string>& path) {
  const nlohmann::json* at = &resolved;
  for (const std::string& part : path) {
    if (!at->is_object() || !at->contains(part)) return nullptr;
    at = &(*at)[part];
  }
  return *at;
}

}  // namespace

bool declares_comparison(const std::filesystem::path& file) {
  std::vector<Diagnostic> ignored;
  const NodePtr root = read_tree(file.string(), ignored);
  return root && root->is_map() && root->find("compare") != nullptr;
}

Comparison load_comparison_text(std::string_view yaml, const std::string& file, const plugins::PluginCatalog& catalog,
                                std::size_t max_runs, bool dry_construct) {
  const scenario::PluginContext plugins{catalog, dry_construct};
  if (auto bad = scenario::tree::check_text(yaml, file)) throw ScenarioError({*bad});
  std::vector<Diagnostic> diags;
  NodePtr root = scenario::tree::parse(yaml, file, scenario::limits::kMaxNodes, diags);
  if (root) root = scenario::resolve_extends(root, file, diags);
  if (!root) throw ScenarioError(scenario::tidy(std::move(diags)));
  Reader r(file, diags);
  if (!root->is_map()) {
    r.error(root->mark, "", "expected a map of scenario keys at the top level, found " + scenario::describe(*root));
    throw ScenarioError(scenario::tidy(std::move(diags)));
  }
  std::vector<std::string> keys = scenario::top_level_keys();
  keys.push_back("compare");  // sweep and variants stay known keys: refused below with the reason
  for (const char* k : {"sweep", "variants"}) {
    if (const Entry* e = root->find(k)) {
      r.error(e->key_mark, k,
              fmt::format("a comparison tunes each contender over its own search space; '{}' does not apply "
                          "(give the values under compare.contenders[].search)",
                          k));
    }
  }
  r.check_keys(*root, "", keys);

  Comparison c;
  c.file = file;
  c.name = scenario::read_name(r, *root, file);
  c.description = scenario::read_description(r, *root);
  c.tuning_seeds = scenario::read_seeds(r, *root, std::nullopt);
  c.target = scenario::read_target(r, *root);
  const Node* compare = r.map(Reader::get(*root, "compare"), "compare");
  if (compare == nullptr) throw ScenarioError(scenario::tidy(std::move(diags)));
  r.check_keys(*compare, "compare", kCompareKeys);

  if (auto b = read_budget(r, Reader::get(*compare, "budget"))) c.budget = *b;
  c.final_seeds = read_final_seeds(r, Reader::get(*compare, "final_seeds"), c.tuning_seeds);
  if (const Node* e = Reader::get(*compare, "epsilon")) {
    if (auto v = r.number(*e, "compare.epsilon", scenario::at_least(0))) c.epsilon = *v;
  }
  if (const Node* a = Reader::get(*compare, "alpha")) {
    if (auto v = r.number(*a, "compare.alpha", scenario::Range{0, 1, true, true})) c.alpha = *v;
  }
  const std::vector<TaskRoot> tasks = read_tasks(r, Reader::get(*compare, "tasks"), root, c.name, file, diags);

  // Contenders.
  const Node* list = r.require(*compare, "compare", "contenders");
  std::vector<const Node*> contender_nodes;
  if (list != nullptr) {
    if (!list->is_sequence() || list->items.size() < 2) {
      r.error(list->mark, "compare.contenders",
              list->is_sequence() ? fmt::format("expected a list of at least two contenders, found {}", list->items.size())
                                  : "expected a list of at least two contenders, found " + scenario::describe(*list));
    } else {
      std::set<std::string> names;
      for (std::size_t i = 0; i < list->items.size(); ++i) {
        const std::string p = fmt::format("compare.contenders.{}", i);
        const Node* m = r.map(list->items[i].get(), p);
        if (m == nullptr) continue;
        r.check_keys(*m, p, kContenderKeys);
        const Node* opt = r.require(*m, p, "optimizer");
        if (opt == nullptr) continue;
        Contender k;
        const Node* name_node = Reader::get(*m, "name");
        if (name_node == nullptr) name_node = opt->is_map() ? Reader::get(*opt, "name") : opt;
        if (name_node == nullptr) {
          r.error(m->mark, p, "give the contender a name (or its optimizer one)");
          continue;
        }
        auto name = r.text(*name_node, p + ".name");
        if (!name) continue;
        if (!names.insert(*name).second) {
          r.error(name_node->mark, p + ".name",
                  fmt::format("two contenders are named '{}'; name them apart with `name:`", *name));
          continue;
        }
        k.name = *name;
        contender_nodes.push_back(m);
        c.contenders.push_back(std::move(k));
      }
    }
  }

  // Metrics: what to select on, what to report.
  const bool function = !tasks.empty() && [&] {
    std::vector<Diagnostic> ignored;
    Reader quiet(file, ignored);
    return scenario::read_data(quiet, *tasks.front().root).function;
  }();
  c.final_metric = metric_named(function ? "train_loss" : "test_accuracy");
  std::string select = function ? "train_loss" : "validation_accuracy";
  const Node* select_node = Reader::get(*compare, "select_on");
  if (select_node != nullptr) {
    if (auto v = r.one_of(*select_node, "compare.select_on", function ? std::vector<std::string>{"train_loss"} : kDataMetrics)) {
      select = *v;
    }
  }
  c.select_on = metric_named(select);

  // Trials: per task, per contender, its grid or its random draws, each read
  // as a whole configuration.
  std::size_t planned = 0;
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    std::vector<Diagnostic> ignored;
    Reader quiet(file, ignored);
    const scenario::DataSection data = scenario::read_data(quiet, *tasks[t].root);
    Task task{tasks[t].name, data.ok && data.rows.validation > 0, function};
    for (std::size_t k = 0; k < contender_nodes.size(); ++k) {
      const Node& cn = *contender_nodes[k];
      const std::string p = fmt::format("compare.contenders.{}", k);
      std::vector<Dimension> dims;
      const std::size_t before_search = r.errors();
      if (const Node* search = Reader::get(cn, "search")) {
        if (const Node* m = r.map(search, p + ".search")) dims = read_search_space(r, *m, p + ".search");
      }
      if (!c.budget.random) {
        for (const Dimension& d : dims) {
          if (d.log_uniform) {
            r.error(d.key_mark, p + ".search." + d.key,
                    "log_uniform needs a random budget (compare.budget: {random: TRIALS}); a grid takes log_grid");
          }
        }
      }
      if (r.errors() != before_search) continue;  // the trials would only repeat the problem
      scenario::VariantDef def;
      def.label = c.contenders[k].name;
      def.mark = cn.mark;
      def.settings = contender_settings(cn);
      std::vector<scenario::VariantDef> defs;
      std::vector<scenario::Axis> axes;
      if (c.budget.random) {
        // Each contender and task draws from its own stream: adding a
        // contender or a task leaves the others' trials as they were.
        util::Rng rng(util::fnv1a64(fmt::format("compare/budget/{}/{}/{}", c.budget.seed, task.name,
                                                    c.contenders[k].name)));
        std::set<std::string> seen;
        for (std::size_t i = 0; i < c.budget.trials; ++i) {
          scenario::VariantDef trial = def;
          std::string label = c.contenders[k].name;
          for (const Dimension& d : dims) {
            const NodePtr value = draw(d, rng);
            trial.settings.push_back(scenario::Setting{d.path, d.key, d.key_mark, value});
            label += fmt::format(", {}={}", d.key, scenario::tree::render(*value));
          }
          if (!seen.insert(label).second) continue;  // a repeated draw adds nothing
          trial.label = label;
          defs.push_back(std::move(trial));
        }
      } else {
        defs.push_back(def);
        for (const Dimension& d : dims) axes.push_back(scenario::Axis{d.path, d.key, d.key_mark, d.values});
      }
      const auto count = scenario::count_variants(axes, defs);
      planned += count.value_or(max_runs + 1) * std::max<std::size_t>(1, c.tuning_seeds.size());
      if (planned > max_runs) break;
      const std::size_t before = r.errors();
      std::vector<scenario::Variant> variants = scenario::expand(r, plugins, tasks[t].root, axes, std::move(defs));
      if (r.errors() != before) continue;
      for (scenario::Variant& v : variants) {
        Trial trial{t, k, v.label.substr(std::min(v.label.size(), c.contenders[k].name.size() + 2)),
                    v.config.optimizer.lr, nlohmann::json::object()};
        for (const Dimension& d : dims) trial.point[d.key] = searched_value(v.config.resolved, d.path);
        if (c.contenders[k].searched.size() < dims.size()) {
          c.contenders[k].searched.clear();
          for (const Dimension& d : dims) c.contenders[k].searched.push_back(d.key);
        }
        c.contenders[k].optimizer = v.config.optimizer.name;
        c.contenders[k].schedule = v.config.schedule.parts.front().name;
        v.label = fmt::format("{} | {}", task.name, v.label);
        c.trials.push_back(std::move(trial));
        c.tune.variants.push_back(std::move(v));
      }
    }
    c.tasks.push_back(task);
  }
  planned += c.tasks.size() * c.contenders.size() * c.final_seeds.size();
  if (planned > max_runs) {
    r.error(compare->mark, "compare",
            fmt::format("the comparison plans more than --max-runs {} runs; raise --max-runs or shrink the search",
                        max_runs));
  }

  // Selection never reads the test split, unless there is no other held-out
  // split; then it must be asked for, and the report calls it optimistic.
  for (const Task& task : c.tasks) {
    const Mark at = select_node != nullptr ? select_node->mark : compare->mark;
    if (select.starts_with("test_") && task.has_validation) {
      r.error(at, "compare.select_on",
              fmt::format("task '{}' has a validation split; selecting on the test split would report a test score "
                          "the selection has seen. Select on validation_accuracy or validation_loss",
                          task.name));
    } else if (select.starts_with("validation_") && !task.has_validation && !task.function) {
      r.error(at, "compare.select_on",
              fmt::format("task '{}' has no validation split to select on; add data.split.validation, or select on "
                          "test_accuracy (the report then calls the selection optimistic)",
                          task.name));
    }
  }
  c.optimistic = select.starts_with("test_");
  if (c.target && function) {
    r.error(root->mark, "target", "a function task has no accuracy to reach; remove 'target'");
  }

  c.tune.name = c.name;
  c.tune.description = c.description;
  c.tune.file = file;
  c.tune.seeds = c.tuning_seeds;
  c.tune.target = c.target;
  if (!diags.empty()) throw ScenarioError(scenario::tidy(std::move(diags)));
  return c;
}

Comparison load_comparison(const std::filesystem::path& file, const plugins::PluginCatalog& catalog,
                           std::size_t max_runs, bool dry_construct) {
  const std::string name = file.string();
  std::string why;
  const std::optional<std::string> text = scenario::read_source(file, why);
  if (!text) throw ScenarioError({Diagnostic{name, 0, 0, "", why}});
  return load_comparison_text(*text, name, catalog, max_runs, dry_construct);
}

}  // namespace lrbench::comparison
