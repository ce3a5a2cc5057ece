#include "conformance/mutate.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <variant>

#include <fmt/format.h>

#include "conformance/isolate.hpp"
#include "conformance/json_params.hpp"
#include "conformance/optimizer_cases.hpp"
#include "plugins/declaration.hpp"

namespace lrbench::conformance {
namespace {

// One parameter changed: the whole (outer) parameter set with the change, or
// why this case's value cannot be changed that way.
struct Mutant {
  std::string parameter;
  std::string change;
  std::optional<ParamValues> values;
  std::string not_applicable;
};

using Wrap = std::function<ParamValues(const ParamValues&)>;

// The change a parameter's type gets (for choices: one per other word).
std::vector<std::string> changes_of(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::real: return {"1 %"};
    case ParamType::integer: return {"±1"};
    case ParamType::boolean: return {"flipped"};
    case ParamType::integer_list: return {"each element ±1"};
    case ParamType::choice: {
      std::vector<std::string> out;
      for (const std::string& w : plugins::choice_words(spec.choices)) out.push_back("→ " + w);
      return out;
    }
    case ParamType::optimizer: return {};
  }
  return {};
}

// Every mutant of `values` (declared by `info`); `wrap` puts a changed set
// back into the outermost plugin's parameters.
void collect(const PluginInfo& info, const ParamValues& values, const std::string& prefix, const Wrap& wrap,
             const plugins::PluginCatalog& catalog, std::vector<Mutant>& out) {
  for (const ParamSpec& spec : info.params) {
    const std::string name = prefix + std::string(spec.name);
    if (!values.contains(spec.name)) continue;
    const ParamValue& value = values.value(spec.name);
    const auto with = [&](ParamValue changed) {
      ParamValues copy = values;
      copy.set(std::string(spec.name), std::move(changed));
      return wrap(copy);
    };
    const auto cannot = [&](const std::string& why) {
      for (const std::string& change : changes_of(spec)) out.push_back({name, change, std::nullopt, why});
    };
    if (std::holds_alternative<std::monostate>(value)) {
      cannot("null (unset)");
      continue;
    }
    switch (spec.type) {
      case ParamType::real: {
        const double x = std::get<double>(value);
        if (x == 0.0) {
          cannot("0, which a 1 % change leaves at 0");
        } else if (!std::isfinite(x)) {
          cannot("infinite");
        } else if (plugins::in_range(spec, x * 1.01)) {
          out.push_back({name, "1 %", with(x * 1.01), {}});
        } else if (plugins::in_range(spec, x * 0.99)) {
          out.push_back({name, "1 %", with(x * 0.99), {}});
        } else {
          cannot("at a value no 1 % change keeps in range");
        }
        break;
      }
      case ParamType::integer: {
        const std::int64_t x = std::get<std::int64_t>(value);
        if (plugins::in_range(spec, static_cast<double>(x + 1))) {
          out.push_back({name, "±1", with(x + 1), {}});
        } else if (plugins::in_range(spec, static_cast<double>(x - 1))) {
          out.push_back({name, "±1", with(x - 1), {}});
        } else {
          cannot("at a value no change by 1 keeps in range");
        }
        break;
      }
      case ParamType::boolean: out.push_back({name, "flipped", with(!std::get<bool>(value)), {}}); break;
      case ParamType::choice: {
        const std::string& current = std::get<std::string>(value);
        for (const std::string& w : plugins::choice_words(spec.choices)) {
          if (w == current) {
            out.push_back({name, "→ " + w, std::nullopt, "already " + w});
          } else {
            out.push_back({name, "→ " + w, with(w), {}});
          }
        }
        break;
      }
      case ParamType::integer_list: cannot("a list (lists are not mutated)"); break;
      case ParamType::optimizer: {
        const InnerOptimizer& inner = std::get<InnerOptimizer>(value);
        const PluginInfo* inner_info = catalog.find(PluginKind::optimizer, inner.name);
        if (inner_info == nullptr || inner.params == nullptr) break;
        const Wrap inner_wrap = [&](const ParamValues& changed) {
          return with(InnerOptimizer{inner.name, std::make_shared<const ParamValues>(changed), {}});
        };
        collect(*inner_info, *inner.params, name + "[" + inner.name + "].", inner_wrap, catalog, out);
        break;
      }
    }
  }
}

struct Tally {
  MutationOutcome outcome;
  std::set<std::string> reasons;  // why it could not be tried, per case
};

}  // namespace

std::vector<MutationOutcome> mutate(const std::vector<GoldenFile>& files, const plugins::PluginCatalog& catalog,
                                    const CheckOptions& options) {
  std::vector<Tally> tallies;
  auto tally = [&](const std::string& optimizer, const Mutant& m) -> Tally& {
    for (Tally& t : tallies) {
      if (t.outcome.optimizer == optimizer && t.outcome.parameter == m.parameter && t.outcome.change == m.change) return t;
    }
    tallies.push_back({MutationOutcome{optimizer, m.parameter, m.change, 0, 0, {}}, {}});
    return tallies.back();
  };
  for (const GoldenFile& file : files) {
    if (file.kind != "optimizers") continue;
    for (const OptimizerCase& c : parse_optimizer_cases(file.doc)) {
      const PluginInfo* info = catalog.find(PluginKind::optimizer, c.optimizer);
      if (info == nullptr) continue;  // the check itself reports it
      ParamValues values;
      try {
        values = params_from_json(*info, c.params, catalog);
      } catch (const std::exception&) {
        continue;  // reported by the check
      }
      CaseResult identity;
      identity.name = c.name;
      identity.subject = c.optimizer;
      const auto run = [&](const ParamValues& v) {
        return run_case(options, identity, [&] { return run_optimizer_case(c, &v, file.tolerance, catalog); });
      };
      std::vector<Mutant> mutants;
      collect(*info, values, "", [](const ParamValues& v) { return v; }, catalog, mutants);
      // A case that fails as it is detects everything and proves nothing.
      const bool baseline_passes = run(values).passed;
      for (const Mutant& m : mutants) {
        Tally& t = tally(c.optimizer, m);
        if (!baseline_passes) {
          t.reasons.insert("its case fails unchanged");
          continue;
        }
        if (!m.values) {
          t.reasons.insert(m.not_applicable);
          continue;
        }
        const CaseResult result = run(*m.values);
        if (!result.made) {
          t.reasons.insert("refused by the plugin (" + result.detail + ")");
          continue;
        }
        ++t.outcome.tried;
        if (!result.passed) ++t.outcome.detected;
      }
    }
  }
  std::vector<MutationOutcome> outcomes;
  for (Tally& t : tallies) {
    // A choice already at that word in every case is not a change at all.
    if (t.outcome.tried == 0 && t.reasons.size() == 1 && t.reasons.begin()->rfind("already ", 0) == 0) continue;
    if (t.outcome.tried == 0) {
      for (const std::string& r : t.reasons) {
        t.outcome.never_tried += (t.outcome.never_tried.empty() ? "" : "; ") + r;
      }
    }
    outcomes.push_back(std::move(t.outcome));
  }
  return outcomes;
}

}  // namespace lrbench::conformance
