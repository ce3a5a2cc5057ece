// Finding, loading and checking plugin libraries.
//
// Search order: every --plugin-dir (in the order given), then each folder of
// LRBENCH_PLUGIN_PATH (colon-separated), then the default folder:
// <exe>/../<libdir>/lrbench/plugins, which is both the build tree's and the
// installed layout (libdir as GNUInstallDirs sets it: lib, or
// lib/x86_64-linux-gnu for a /usr prefix on Debian). A library is refused, with a message naming the file and
// the reason, when it has no `lrbench_plugin` entry point (the message names
// the LRBENCH_*_PLUGIN macros), was built against another SDK ABI version (an
// SDK 1 plugin is told how to port), declares something invalid, or claims a
// name an earlier library already has; the rest keep loading.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lrbench/plugin.hpp"
#include "plugins/catalog.hpp"

namespace lrbench::plugins {

struct LoadedPlugin {
  const PluginInfo* info = nullptr;
  std::filesystem::path file;
};

struct RefusedLibrary {
  std::filesystem::path file;
  std::string reason;
};

class Registry final : public PluginCatalog {
 public:
  Registry();
  ~Registry() override;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Probe every library in a child process before loading it (probe.hpp):
  // a library that crashes while loading is refused instead of ending the
  // process. Off by default (a fork per library); `run --isolate` sets it.
  void set_probe_in_child(bool probe) noexcept { probe_in_child_ = probe; }

  // Instruction-set builds of a library, best first: for DIR/lib.so the
  // registry loads DIR/<folder>/lib.so instead, the first of `folders` that
  // exists (lrbench_add_plugin builds avx2/ and avx512/ ones next to the
  // portable library: cmake/lrbenchPlugin.cmake). Every build computes the
  // same bits; they differ only in speed. Empty (the default): the portable
  // library itself.
  void set_variant_folders(std::vector<std::string> folders) { variant_folders_ = std::move(folders); }
  // The library loaded for `file`: its first existing variant, else `file`.
  [[nodiscard]] std::filesystem::path variant_of(const std::filesystem::path& file) const;

  // Loads every library in `dir` (files ending in shared_library::suffix()),
  // in file-name order. A missing folder is skipped (the CLI warns about a
  // missing --plugin-dir), but listed in searched().
  void load_directory(const std::filesystem::path& dir);
  // Loads one library (probing it first when set); returns false (and
  // records why) when refused.
  bool load_file(const std::filesystem::path& file);

  [[nodiscard]] const PluginInfo* find(PluginKind kind, std::string_view name) const override;
  [[nodiscard]] std::vector<std::string> names(PluginKind kind) const override;
  [[nodiscard]] std::shared_ptr<const void> library_of(const PluginInfo* info) const override;
  [[nodiscard]] std::vector<std::filesystem::path> searched() const override { return searched_; }

  [[nodiscard]] const std::vector<LoadedPlugin>& plugins() const noexcept { return plugins_; }
  [[nodiscard]] const std::vector<RefusedLibrary>& refused() const noexcept { return refused_; }
  // The file a loaded plugin came from.
  [[nodiscard]] const std::filesystem::path* file_of(const PluginInfo* info) const;

  // Objects created through the registry hold their library loaded for as
  // long as they live, even past the registry (plugins/construct.hpp; nested
  // optimizers are bound to the registry's plugins).
  [[nodiscard]] std::shared_ptr<Optimizer> make_optimizer(std::string_view name,
                                                          const ParamValues& values) const;
  [[nodiscard]] std::shared_ptr<Schedule> make_schedule(std::string_view name, const ParamValues& values,
                                                        double base_lr) const;

 private:
  struct Library;
  // load_file without the probe (done already, or not wanted).
  bool load_library(const std::filesystem::path& file);
  [[nodiscard]] std::shared_ptr<Library> owner_of(const PluginInfo* info) const;

  std::vector<std::shared_ptr<Library>> libraries_;
  std::vector<LoadedPlugin> plugins_;
  std::vector<std::shared_ptr<Library>> owners_;  // owners_[i] loaded plugins_[i]
  std::vector<RefusedLibrary> refused_;
  std::vector<std::filesystem::path> searched_;  // every folder load_directory was given
  bool probe_in_child_ = false;
  std::vector<std::string> variant_folders_;
};

// The default plugin folders: `extra` (from --plugin-dir), then
// LRBENCH_PLUGIN_PATH, then <exe>/../<libdir>/lrbench/plugins.
[[nodiscard]] std::vector<std::filesystem::path> plugin_search_path(
    const std::vector<std::filesystem::path>& extra);

// A registry loaded from the search path (probing each library in a child
// process first when `probe_in_child`), preferring the instruction-set
// builds in `variant_folders` (Registry::set_variant_folders).
[[nodiscard]] std::unique_ptr<Registry> load_plugins(const std::vector<std::filesystem::path>& extra,
                                                     bool probe_in_child = false,
                                                     std::vector<std::string> variant_folders = {});

}  // namespace lrbench::plugins
