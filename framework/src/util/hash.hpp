// FNV-1a, 64 bit (Fowler, Noll and Vo; the parameters of
// http://www.isthe.com/chongo/tech/comp/fnv/): the hash behind run ids,
// shard assignment and the seeds derived from names. Written out rather
// than std::hash, which differs between standard libraries and may change
// between releases; run ids name result folders and join runs.jsonl lines
// with baselines, so they must not.
#pragma once

#include <cstdint>
#include <string_view>

namespace lrbench::util {

// h₀ = 0xcbf29ce484222325; for each byte b: h ← (h XOR b) · 0x100000001b3 (mod 2⁶⁴).
[[nodiscard]] constexpr std::uint64_t fnv1a64(std::string_view bytes) noexcept {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace lrbench::util
