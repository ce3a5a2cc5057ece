"""lrbench's random stream, restated in Python integers from its sources.

Used only to reproduce the bootstrap's resample indices, so that the golden
bootstrap intervals can be computed by numpy from the same draws. Each piece
is a transcription of the published algorithm, not of lrbench's code:

- mix64 / splitmix64: Vigna, splitmix64.c (prng.di.unimi.it), constants
  0xbf58476d1ce4e5b9, 0x94d049bb133111eb, increment 0x9e3779b97f4a7c15;
- xoshiro256**: Blackman & Vigna 2018, xoshiro256starstar.c: result =
  rotl(s1·5, 7)·9, then the linear state update; seeded by four splitmix64
  outputs, as the authors recommend;
- bounded(n): Lemire 2019, "Fast random integer generation in an interval",
  Algorithm 5 (multiply-shift with rejection when the low word < 2^64 mod n);
- derive_seed(a, b, purpose): lrbench's documented seed rule
  (framework/src/util/random.hpp): h = mix(mix(mix(a + c0) + b + c1) + p + c2)
  with c0 = 0x9e3779b97f4a7c15, c1 = 0x6a09e667f3bcc909, c2 =
  0xbb67ae8584caa73b; the bootstrap's purpose is 4.
"""
from __future__ import annotations

M64 = (1 << 64) - 1
PURPOSE_BOOTSTRAP = 4


def mix64(z: int) -> int:
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def derive_seed(a: int, b: int, purpose: int) -> int:
    h = mix64((a + 0x9E3779B97F4A7C15) & M64)
    h = mix64((h + b + 0x6A09E667F3BCC909) & M64)
    return mix64((h + purpose + 0xBB67AE8584CAA73B) & M64)


def _rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (64 - k))) & M64


class Xoshiro256StarStar:
    def __init__(self, seed: int):
        state = seed
        self.s = []
        for _ in range(4):
            state = (state + 0x9E3779B97F4A7C15) & M64
            self.s.append(mix64(state))

    def next_u64(self) -> int:
        s = self.s
        result = (_rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def bounded(self, n: int) -> int:
        m = self.next_u64() * n
        low = m & M64
        if low < n:
            threshold = ((1 << 64) - n) % n
            while low < threshold:
                m = self.next_u64() * n
                low = m & M64
        return m >> 64


def bootstrap_stream(seed: int) -> Xoshiro256StarStar:
    """The stream of util::Rng(seed, 0, Purpose::bootstrap)."""
    return Xoshiro256StarStar(derive_seed(seed, 0, PURPOSE_BOOTSTRAP))
