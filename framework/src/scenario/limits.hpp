// Limits that keep one bad number from exhausting memory before any run
// starts; documented in docs/scenarios.md.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lrbench::scenario::limits {

inline constexpr std::size_t kMaxNodes = 100000;       // YAML nodes after alias expansion
inline constexpr std::uintmax_t kMaxFileBytes = 1u << 20;
inline constexpr std::int64_t kMaxSamples = 10'000'000;
inline constexpr std::int64_t kMaxFeatures = 10'000;
inline constexpr std::int64_t kMaxCenters = 10'000;
inline constexpr std::int64_t kMaxValues = 100'000'000;  // n_samples × n_features
inline constexpr std::int64_t kMaxUnits = 100'000;
inline constexpr std::int64_t kMaxEpochs = 1'000'000;
inline constexpr std::int64_t kMaxBatch = 10'000'000;
inline constexpr std::int64_t kMaxRecord = 10'000'000;
inline constexpr std::size_t kMaxNameLength = 100;
// Labels are table cells and --filter's input (std::regex backtracks and
// recurses per character: a 40,000-character label overflowed its stack).
inline constexpr std::size_t kMaxLabelLength = 200;

}  // namespace lrbench::scenario::limits
