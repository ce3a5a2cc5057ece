// Trying plugin libraries in a child process before loading them for real.
//
// Loading a library runs its static initialisers, and reading its
// declaration calls into it: a library whose `lrbench_plugin` symbol is not
// the entry function (data, or a function of another type), or whose code
// crashes while loading, takes the process down with it. The probe does both
// in a forked child; the parent loads only libraries the child survived. It
// is used when isolating (`lrbench run --isolate`), where a crash must cost
// no more than the runs that need the plugin.
//
// One child probes the libraries in turn and reports each one it finished
// through a pipe, so the usual case costs one fork for a whole folder; when
// a library kills the child, the next child starts after it.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace lrbench::plugins {

// How long one library may take to load before it counts as hung.
inline constexpr int kProbeSeconds = 30;

// Loads each of `files` in a child process, calls its entry point and checks
// its declaration there. Returns the libraries that must not be loaded, with
// the reason: "crashed while being loaded: signal 11 (Segmentation fault),
// probed in a child process", "did not finish loading within 30 s". A
// library that merely is no valid plugin survives the probe: the parent's
// own load says why it is refused.
[[nodiscard]] std::map<std::filesystem::path, std::string> probe_in_child(
    const std::vector<std::filesystem::path>& files);

}  // namespace lrbench::plugins
