// `lrbench plugins` and `lrbench describe NAME`.
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "plugins/construct.hpp"
#include "plugins/declaration.hpp"
#include "plugins/resolve.hpp"
#include "scenario/suggest.hpp"

namespace lrbench::cli {
namespace {

nlohmann::json param_json(const ParamSpec& spec) {
  nlohmann::json out = {{"name", spec.name},
                        {"type", to_string(spec.type)},
                        {"default", plugins::describe_default(spec)},
                        {"range", plugins::describe_range(spec)},
                        {"help", spec.help_text},
                        {"source", spec.source_text}};
  if (spec.has_example) out["example"] = plugins::example_text(spec);
  return out;
}

// "lr 1 by default; adapts its own step size (lr multiplies it)", or "".
std::string learning_rate_text(const PluginInfo& info) {
  std::string out;
  if (info.meta.default_lr) out = fmt::format("lr {} by default", *info.meta.default_lr);
  if (info.meta.adapts_step_size) {
    out += (out.empty() ? "" : "; ") + std::string("adapts its own step size (lr and the schedule multiply it)");
  }
  return out;
}

nlohmann::json plugin_json(const plugins::Registry& registry, const plugins::LoadedPlugin& p) {
  nlohmann::json params = nlohmann::json::array();
  for (const ParamSpec& spec : p.info->params) params.push_back(param_json(spec));
  nlohmann::json out = {{"name", p.info->meta.name},
                        {"kind", to_string(p.info->kind)},
                        {"version", p.info->meta.version},
                        {"description", p.info->meta.description},
                        {"file", p.file.string()},
                        {"build", {{"optimized", p.info->build.optimized}, {"compiler", p.info->build.compiler}}},
                        {"params", params}};
  if (p.info->meta.default_lr) out["default_lr"] = *p.info->meta.default_lr;
  if (p.info->meta.adapts_step_size) out["adapts_step_size"] = true;
  return out;
  static_cast<void>(registry);
}

// A Markdown table cell: '|' would end the cell, a newline the row.
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

// One plugin's generated section of docs/plugins.md, between the markers
// scripts/update-plugin-docs.sh replaces and the sdk.plugin_docs test compares.
std::string plugin_markdown(const PluginInfo& info) {
  std::string out = fmt::format("<!-- BEGIN GENERATED: {} -->\n`{}` {} ({}): {}\n\n", info.meta.name, info.meta.name,
                                info.meta.version, to_string(info.kind), cell(info.meta.description));
  if (const std::string lr = learning_rate_text(info); !lr.empty()) out += "Learning rate: " + lr + ".\n\n";
  if (info.params.empty()) {
    out += "No parameters.\n";
  } else {
    out += "| parameter | type | default | range | meaning | default from |\n|---|---|---|---|---|---|\n";
    for (const ParamSpec& spec : info.params) {
      const std::string example = spec.has_example ? " (e.g. `" + plugins::example_text(spec) + "`)" : "";
      out += fmt::format("| `{}` | {} | `{}` | {} | {}{} | {} |\n", spec.name, to_string(spec.type),
                         cell(plugins::describe_default(spec)), cell(plugins::describe_range(spec)),
                         cell(spec.help_text), cell(example), cell(spec.source_text));
    }
  }
  return out + "<!-- END GENERATED -->\n";
}

}  // namespace

Command add_plugins_command(CLI::App& app, const GlobalOptions& global) {
  auto json = std::make_shared<bool>(false);
  app.add_flag("--json", *json, "Print JSON instead of a table");
  auto markdown = std::make_shared<bool>(false);
  app.add_flag("--markdown", *markdown,
               "Print each plugin's parameter table in Markdown, between the markers docs/plugins.md uses")
      ->excludes("--json");
  return [&global, json, markdown] {
    const auto registry = load_registry(global);
    if (*markdown) {
      for (const PluginKind kind : {PluginKind::optimizer, PluginKind::schedule}) {
        for (const std::string& name : registry->names(kind)) std::cout << plugin_markdown(*registry->find(kind, name));
      }
      return kSuccess;
    }
    if (*json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& p : registry->plugins()) out.push_back(plugin_json(*registry, p));
      nlohmann::json refused = nlohmann::json::array();
      for (const auto& r : registry->refused()) refused.push_back({{"file", r.file.string()}, {"reason", r.reason}});
      std::cout << nlohmann::json{{"plugins", out}, {"refused", refused}}.dump(2) << '\n';
      return kSuccess;
    }
    std::size_t width = 4;
    for (const auto& p : registry->plugins()) width = std::max(width, p.info->meta.name.size());
    for (const PluginKind kind : {PluginKind::optimizer, PluginKind::schedule}) {
      std::cout << (kind == PluginKind::optimizer ? "Optimizers" : "Schedules") << ":\n";
      for (const std::string& name : registry->names(kind)) {
        const PluginInfo* info = registry->find(kind, name);
        std::cout << fmt::format("  {:<{}}  {:<7}  {}{}\n", name, width, info->meta.version, info->meta.description,
                                 info->build.optimized ? "" : "  [built without optimisation]");
      }
    }
    if (registry->plugins().empty()) {
      std::cout << "No plugins found. Searched:\n";
      for (const auto& dir : plugins::plugin_search_path(global.plugin_dirs)) std::cout << "  " << dir.string() << '\n';
    }
    return kSuccess;
  };
}

Command add_describe_command(CLI::App& app, const GlobalOptions& global) {
  auto name = std::make_shared<std::string>();
  app.add_option("name", *name, "Plugin name")->required();
  return [&global, name] {
    const auto registry = load_registry(global);
    int shown = 0;
    for (const auto& p : registry->plugins()) {
      if (p.info->meta.name != *name) continue;
      ++shown;
      const PluginInfo& info = *p.info;
      std::cout << fmt::format("{} ({} {}): {}\n  from {} ({})\n", info.meta.name, to_string(info.kind),
                               info.meta.version, info.meta.description, p.file.string(),
                               plugins::describe_build(info.build));
      if (const std::string lr = learning_rate_text(info); !lr.empty()) std::cout << "  learning rate: " << lr << '\n';
      if (info.params.empty()) {
        std::cout << "\n  No parameters.\n";
        continue;
      }
      std::cout << "\n  parameter            type              default      range\n";
      for (const ParamSpec& spec : info.params) {
        std::cout << fmt::format("  {:<20} {:<17} {:<12} {}\n", spec.name, to_string(spec.type),
                                 plugins::describe_default(spec), plugins::describe_range(spec));
        std::cout << fmt::format("      {}\n", spec.help_text);
        if (spec.has_example) std::cout << fmt::format("      example: {}\n", plugins::example_text(spec));
        if (!spec.source_text.empty()) std::cout << fmt::format("      default: {}\n", spec.source_text);
      }
    }
    if (shown == 0) {
      std::vector<std::string> all = registry->names(PluginKind::optimizer);
      for (auto& s : registry->names(PluginKind::schedule)) all.push_back(s);
      print_error(fmt::format("no plugin named '{}'{}{}", *name, scenario::suggestion(*name, all),
                              plugins::search_summary(*registry, {PluginKind::optimizer, PluginKind::schedule})));
      return kBadInput;
    }
    return kSuccess;
  };
}

}  // namespace lrbench::cli
