#include "plugins/registry.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <system_error>
#include <utility>

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include "plugins/construct.hpp"
#include "plugins/declaration.hpp"
#include "plugins/probe.hpp"

namespace lrbench::plugins {

namespace fs = std::filesystem;

struct Registry::Library {
  boost::dll::shared_library handle;
  fs::path file;
};

Registry::Registry() = default;

// Plugins' objects may outlive the registry (they hold their Library), but
// the PluginInfo pointers handed out by find() die with it.
Registry::~Registry() {
  plugins_.clear();
  owners_.clear();
  libraries_.clear();
}

void Registry::load_directory(const fs::path& dir) {
  searched_.push_back(dir);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  const std::string suffix = boost::dll::shared_library::suffix().string();
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& p = entry.path();
    const std::string name = p.filename().string();
    if (entry.is_regular_file(ec) && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  for (fs::path& f : files) f = variant_of(f);
  // One child probes the whole folder (probe.hpp).
  const auto crashed = probe_in_child_ ? probe_in_child(files) : std::map<fs::path, std::string>{};
  for (const fs::path& f : files) {
    if (auto it = crashed.find(f); it != crashed.end()) {
      refused_.push_back({f, it->second});
    } else {
      load_library(f);
    }
  }
}

fs::path Registry::variant_of(const fs::path& file) const {
  std::error_code ec;
  for (const std::string& folder : variant_folders_) {
    fs::path candidate = file.parent_path() / folder / file.filename();
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return file;
}

bool Registry::load_file(const fs::path& given) {
  const fs::path file = variant_of(given);
  if (probe_in_child_) {
    if (auto crashed = probe_in_child({file}); !crashed.empty()) {
      refused_.push_back({file, crashed.begin()->second});
      return false;
    }
  }
  return load_library(file);
}

bool Registry::load_library(const fs::path& file) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(file, ec);
  const fs::path& key = ec ? file : canonical;
  if (std::any_of(libraries_.begin(), libraries_.end(), [&](const auto& l) { return l->file == key; })) {
    return true;  // the same file reached through two search folders
  }
  auto refuse = [&](std::string reason) {
    refused_.push_back({file, std::move(reason)});
    return false;
  };

  auto library = std::make_shared<Library>();
  library->file = key;
  boost::dll::fs::error_code load_error;
  // rtld_local: two plugins may define the same internal symbols.
  library->handle.load(key, load_error, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now);
  if (load_error) return refuse("cannot be loaded: " + load_error.message());
  if (!library->handle.has(kEntryPoint)) {
    return refuse(std::string("has no `") + kEntryPoint +
                  "` entry point: a plugin's source ends with LRBENCH_OPTIMIZER_PLUGIN(Class) or "
                  "LRBENCH_SCHEDULE_PLUGIN(Class) (lrbench/plugin.hpp), which exports it");
  }
  const PluginInfo& info = library->handle.get_alias<lrbench_plugin_entry>(kEntryPoint)();
  // abi_version is the first member in every ABI version: safe to read first.
  if (info.abi_version == 1) {
    return refuse("was built against lrbench SDK 1 (ABI version 1); this lrbench needs SDK 2 (ABI version " +
                  std::to_string(kAbiVersion) +
                  "): port the plugin as docs/writing-a-plugin.md's \"Porting from SDK 1\" shows (reset() takes a "
                  "ParamLayout, step() a StepContext), then rebuild it");
  }
  if (info.abi_version != kAbiVersion) {
    return refuse("was built against lrbench SDK ABI version " + std::to_string(info.abi_version) +
                  ", this lrbench uses " + std::to_string(kAbiVersion) + "; rebuild the plugin against this SDK");
  }
  if (std::string problem = check_declaration(info); !problem.empty()) return refuse(problem);
  if (const PluginInfo* existing = find(info.kind, info.meta.name)) {
    return refuse(std::string("declares ") + std::string(to_string(info.kind)) + " '" +
                  std::string(info.meta.name) + "', already provided by " + file_of(existing)->string());
  }
  plugins_.push_back({&info, key});
  owners_.push_back(library);
  libraries_.push_back(std::move(library));
  return true;
}

const PluginInfo* Registry::find(PluginKind kind, std::string_view name) const {
  for (const LoadedPlugin& p : plugins_) {
    if (p.info->kind == kind && p.info->meta.name == name) return p.info;
  }
  return nullptr;
}

std::vector<std::string> Registry::names(PluginKind kind) const {
  std::vector<std::string> out;
  for (const LoadedPlugin& p : plugins_) {
    if (p.info->kind == kind) out.emplace_back(p.info->meta.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const fs::path* Registry::file_of(const PluginInfo* info) const {
  for (const LoadedPlugin& p : plugins_) {
    if (p.info == info) return &p.file;
  }
  return nullptr;
}

std::shared_ptr<Registry::Library> Registry::owner_of(const PluginInfo* info) const {
  for (std::size_t i = 0; i < plugins_.size(); ++i) {
    if (plugins_[i].info == info) return owners_[i];
  }
  return nullptr;
}

std::shared_ptr<const void> Registry::library_of(const PluginInfo* info) const { return owner_of(info); }

std::shared_ptr<Optimizer> Registry::make_optimizer(std::string_view name, const ParamValues& values) const {
  return plugins::make_optimizer(*this, name, values);
}

std::shared_ptr<Schedule> Registry::make_schedule(std::string_view name, const ParamValues& values,
                                                  double base_lr) const {
  return plugins::make_schedule(*this, name, values, base_lr);
}

std::vector<fs::path> plugin_search_path(const std::vector<fs::path>& extra) {
  std::vector<fs::path> dirs = extra;
  if (const char* env = std::getenv("LRBENCH_PLUGIN_PATH"); env != nullptr) {
    std::string_view rest = env;
    while (!rest.empty()) {
      const std::size_t colon = rest.find(':');
      const std::string_view part = rest.substr(0, colon);
      if (!part.empty()) dirs.emplace_back(std::string(part));
      rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
  }
  boost::dll::fs::error_code ec;
  const fs::path exe = boost::dll::program_location(ec);
  if (!ec) dirs.push_back((exe.parent_path() / LRBENCH_PLUGIN_DIR_FROM_BIN).lexically_normal());
  return dirs;
}

std::unique_ptr<Registry> load_plugins(const std::vector<fs::path>& extra, bool probe_in_child,
                                       std::vector<std::string> variant_folders) {
  auto registry = std::make_unique<Registry>();
  registry->set_probe_in_child(probe_in_child);
  registry->set_variant_folders(std::move(variant_folders));
  for (const fs::path& dir : plugin_search_path(extra)) registry->load_directory(dir);
  return registry;
}

}  // namespace lrbench::plugins
