// Trying a plugin library in a child process before loading it for real.
//
// Loading a library runs its static initialisers, and reading its
// declaration calls into it: a library whose `lrbench_plugin` symbol is not
// the entry function (data, or a function of another type), or whose code
// crashes while loading, takes the process down with it. The probe does both
// in a forked child; the parent loads only libraries the child survived. It
// is used when isolating (`lrbench run --isolate`), where a crash must cost
// no more than the runs that need the plugin.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace lrbench::plugins {

// How long the child may take before it counts as hung.
inline constexpr int kProbeSeconds = 30;

// Loads `file` in a child process, calls its entry point and checks its
// declaration there. nullopt when the child finished (whether or not the
// library is a valid plugin: the parent's own load says why not), else the
// reason the library must not be loaded: "crashed while being loaded: signal
// 11 (Segmentation fault)", "did not finish loading within 30 s".
[[nodiscard]] std::optional<std::string> probe_in_child(const std::filesystem::path& file);

}  // namespace lrbench::plugins
