#include "util/text.hpp"

#include <algorithm>
#include <cstdint>

namespace lrbench::util {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool continuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }

// The length of the well-formed UTF-8 sequence starting at text[i], or 0.
// The ranges of the second byte follow RFC 3629's table (section 4): they
// exclude overlong forms (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and
// code points above U+10FFFF (F4 90..BF).
std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80U) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80U, hi = 0xBFU;  // the second byte's range
  if (c >= 0xC2U && c <= 0xDFU) {
    n = 2;
  } else if (c >= 0xE0U && c <= 0xEFU) {
    n = 3;
    if (c == 0xE0U) lo = 0xA0U;
    if (c == 0xEDU) hi = 0x9FU;
  } else if (c >= 0xF0U && c <= 0xF4U) {
    n = 4;
    if (c == 0xF0U) lo = 0x90U;
    if (c == 0xF4U) hi = 0x8FU;
  } else {
    return 0;  // 80..C1 (a continuation byte or an overlong lead), F5..FF
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (!continuation(byte(i + k))) return 0;
  return n;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_length(text, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

namespace {

// Appends the visible symbol of a control character: U+2400..U+241F are the
// control pictures (␀ ... ␟), DEL's is U+2421. False for other bytes.
bool append_control_picture(std::string& out, unsigned char c) {
  if (c >= 0x20U && c != 0x7FU) return false;
  const std::uint32_t cp = c == 0x7FU ? 0x2421U : 0x2400U + c;
  out += static_cast<char>(0xE0U | (cp >> 12U));
  out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
  out += static_cast<char>(0x80U | (cp & 0x3FU));
  return true;
}

}  // namespace

std::string markdown_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    if (append_control_picture(out, static_cast<unsigned char>(ch))) continue;
    switch (ch) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      // Inline markup (emphasis, code, links, images, tables, strikethrough,
      // GitHub math) and a heading, were the text ever to start a line.
      case '\\': case '`': case '*': case '_': case '[': case ']': case '|':
      case '~': case '!': case '#': case '$':
        out += '\\';
        out += ch;
        break;
      default: out += ch;
    }
  }
  return out;
}

std::string markdown_code(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (const char ch : text) {
    run = ch == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  std::string out = fence;
  // A span that starts or ends with a backtick needs a space inside the fence.
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  if (pad) out += ' ';
  for (const char ch : text) {
    if (append_control_picture(out, static_cast<unsigned char>(ch))) continue;
    if (ch == '|') out += '\\';
    out += ch;
  }
  if (pad) out += ' ';
  return out + fence;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = text.find(separator, start);
    parts.emplace_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

std::string join_key(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out;
  out.reserve(path.size() + 1 + key.size());
  out.append(path).append(1, '.').append(key);
  return out;
}

}  // namespace lrbench::util
