// load_scenario: the steps in order. Each step is its own file:
//   source.cpp      the file's bytes, within the size limit
//   tree.cpp        YAML text → the scenario's own tree (positions kept)
//   extends.cpp     the `extends` chain merged in
//   experiment.cpp  name, description, seeds, target
//   expand.cpp      sweep and variants: plan size, then one tree per variant
//   section_*.cpp   each config section read and checked (sections.hpp)
//   canonical.cpp   the resolved configuration's canonical JSON
//   setup_lines.cpp the configuration in words, for the report
#include "scenario/loader.hpp"

#include <limits>

#include <fmt/format.h>

#include "scenario/canonical.hpp"
#include "scenario/expand.hpp"
#include "scenario/experiment.hpp"
#include "scenario/extends.hpp"
#include "scenario/limits.hpp"
#include "scenario/sections.hpp"
#include "scenario/setup_lines.hpp"
#include "scenario/source.hpp"

namespace lrbench::scenario {

using tree::Entry;
using tree::Node;
using tree::NodePtr;

namespace {

// A scenario is about test functions or about data, not both: the report
// measures the two differently.
void check_one_task(Reader& reader, const Node& root, const Scenario& s) {
  for (const Variant& v : s.variants) {
    if (data::is_function(v.config.data.source) != data::is_function(s.variants.front().config.data.source)) {
      reader.error(root.mark, "data.kind",
                   fmt::format("variants '{}' and '{}' mix a function task with a dataset; give each its own scenario",
                               s.variants.front().label, v.label));
      return;
    }
  }
}

// A target on validation accuracy needs every variant to have a validation
// split; without one it could never be reached. A function task has no
// accuracy at all.
void check_target_set(Reader& reader, const Node& root, const Scenario& s) {
  if (s.target && !s.variants.empty() && data::is_function(s.variants.front().config.data.source)) {
    const Entry* key = root.find("target");
    reader.error(key != nullptr ? key->key_mark : root.mark, "target",
                 "a function task has no accuracy to reach; remove 'target' (the report gives f − f* per epoch)");
    return;
  }
  if (!s.target || s.target->metric != "validation_accuracy") return;
  for (const Variant& v : s.variants) {
    if (v.config.rows.validation > 0) continue;
    const Node* target = Reader::get(root, "target");
    const Entry* key = target != nullptr ? target->find("validation_accuracy") : nullptr;
    reader.error(key != nullptr ? key->key_mark : root.mark, "target.validation_accuracy",
                 fmt::format("variant '{}' has no validation split to measure it on; add data.split.validation",
                             v.label));
    return;
  }
}

}  // namespace

Scenario load_scenario_text(std::string_view yaml, std::string file, const plugins::PluginCatalog& catalog,
                            const LoadOptions& options) {
  if (auto bad = tree::check_text(yaml, file)) throw ScenarioError({*bad});
  std::vector<Diagnostic> diags;
  NodePtr root_ptr = tree::parse(yaml, file, limits::kMaxNodes, diags);
  if (!root_ptr) throw ScenarioError(tidy(std::move(diags)));
  root_ptr = resolve_extends(root_ptr, file, diags);
  if (!root_ptr) throw ScenarioError(tidy(std::move(diags)));
  const Node& root = *root_ptr;
  Reader reader(file, diags);
  if (!root.is_map()) {
    reader.error(root.mark, "", "expected a map of scenario keys at the top level, found " + describe(root));
    throw ScenarioError(tidy(std::move(diags)));
  }
  reader.check_keys(root, "", top_level_keys());

  Scenario s;
  s.file = file;
  s.name = read_name(reader, root, file);
  s.description = read_description(reader, root);
  s.seeds = read_seeds(reader, root, options.seeds_override);
  s.target = read_target(reader, root);
  const std::vector<Axis> axes = read_sweep(reader, root);
  std::vector<VariantDef> defs = read_variants(reader, root);

  // The plan size, before expanding anything: a runaway grid must fail fast.
  const std::size_t seeds_count = std::max<std::size_t>(1, s.seeds.size());
  std::optional<std::size_t> runs;
  if (auto variants = count_variants(axes, defs);
      variants && *variants <= std::numeric_limits<std::size_t>::max() / seeds_count) {
    runs = *variants * seeds_count;
  }
  if (!runs || *runs > options.max_runs) {
    const Entry* at = root.find("sweep");
    if (at == nullptr) at = root.find("variants");
    if (at == nullptr) at = root.find("seeds");
    reader.error(at ? at->key_mark : root.mark, "",
                 fmt::format("the plan has {} runs, more than --max-runs {}; raise --max-runs or shrink the grid",
                             runs ? std::to_string(*runs) : std::string("more than 18446744073709551615"),
                             options.max_runs));
    throw ScenarioError(tidy(std::move(diags)));
  }

  // The base configuration: the report's setup, and the only variant when
  // nothing is swept. Its problems count only then: a base that the sweep or
  // variants complete is not wrong.
  std::vector<Diagnostic> base_diags;
  Reader base_reader(file, base_diags);
  const PluginContext context{catalog, options.dry_construct};
  const std::optional<RunConfig> base = read_config(base_reader, context, root);
  s.setup = base ? base->resolved : setup_as_written(root);
  if (base) s.setup_lines = setup_lines(*base);
  if (axes.empty() && defs.empty()) {
    diags.insert(diags.end(), base_diags.begin(), base_diags.end());
    if (base) s.variants.push_back(Variant{"base", *base, s.setup_lines});
  } else {
    s.variants = expand(reader, context, root_ptr, axes, std::move(defs));
  }

  check_one_task(reader, root, s);
  check_target_set(reader, root, s);
  if (!diags.empty()) throw ScenarioError(tidy(std::move(diags)));
  return s;
}

Scenario load_scenario(const std::filesystem::path& file, const plugins::PluginCatalog& catalog,
                       const LoadOptions& options) {
  const std::string name = file.string();
  std::string why;
  const std::optional<std::string> text = read_source(file, why);
  if (!text) throw ScenarioError({Diagnostic{name, 0, 0, "", why}});
  return load_scenario_text(*text, name, catalog, options);
}

}  // namespace lrbench::scenario
