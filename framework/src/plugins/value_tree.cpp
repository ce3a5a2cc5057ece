#include "plugins/value_tree.hpp"

#include <utility>

#include <fmt/format.h>

#include "util/scalars.hpp"

namespace lrbench::plugins {

const ValueTree* ValueTree::find(std::string_view key) const noexcept {
  for (const MapEntry& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

ValueTree ValueTree::scalar(std::string text, bool quoted, Position at) {
  ValueTree v;
  v.kind = Kind::scalar;
  v.text = std::move(text);
  v.quoted = quoted;
  v.at = std::move(at);
  return v;
}

std::string describe(const ValueTree& v) {
  switch (v.kind) {
    case ValueTree::Kind::null: return "nothing (null)";
    case ValueTree::Kind::scalar:
      return v.quoted ? fmt::format("the string \"{}\"", util::printable(v.text))
                      : fmt::format("'{}'", util::printable(v.text));
    case ValueTree::Kind::sequence: return "a list";
    case ValueTree::Kind::map: return "a map";
  }
  return "?";
}

std::string render(const ValueTree& v) {
  switch (v.kind) {
    case ValueTree::Kind::null: return "null";
    case ValueTree::Kind::scalar: return v.quoted ? fmt::format("\"{}\"", util::printable(v.text)) : util::printable(v.text);
    case ValueTree::Kind::sequence: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.items.size(); ++i) out += (i ? ", " : "") + render(v.items[i]);
      return out + "]";
    }
    case ValueTree::Kind::map: {
      std::string out = "{";
      for (std::size_t i = 0; i < v.entries.size(); ++i) {
        out += (i ? ", " : "") + v.entries[i].key + ": " + render(v.entries[i].value);
      }
      return out + "}";
    }
  }
  return "?";
}

namespace {

// A recursive-descent reader of the flow subset: value := map | list | word.
class FlowParser {
 public:
  explicit FlowParser(std::string_view text) : text_(text) {}

  std::optional<ValueTree> document(std::string& error) {
    std::optional<ValueTree> v = value();
    skip_spaces();
    if (v && at_ < text_.size()) fail("unexpected '" + std::string(1, text_[at_]) + "'");
    if (!error_.empty()) {
      error = "at character " + std::to_string(error_at_ + 1) + " of '" + std::string(text_) + "': " + error_;
      return std::nullopt;
    }
    return v;
  }

 private:
  void skip_spaces() {
    while (at_ < text_.size() && text_[at_] == ' ') ++at_;
  }
  void fail(std::string what) {
    if (error_.empty()) {
      error_ = std::move(what);
      error_at_ = at_;
    }
  }
  bool take(char c) {
    skip_spaces();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }

  std::optional<ValueTree> value() {
    skip_spaces();
    if (at_ >= text_.size()) {
      fail("expected a value");
      return std::nullopt;
    }
    if (text_[at_] == '{') return map();
    if (text_[at_] == '[') return list();
    std::string word = this->word();
    if (word.empty()) {
      fail("expected a value");
      return std::nullopt;
    }
    if (word == "null" || word == "~") return ValueTree{};
    return ValueTree::scalar(std::move(word));
  }

  std::string word() {
    skip_spaces();
    const std::size_t start = at_;
    while (at_ < text_.size() && std::string_view(",:[]{} ").find(text_[at_]) == std::string_view::npos) ++at_;
    return std::string(text_.substr(start, at_ - start));
  }

  std::optional<ValueTree> list() {
    ++at_;  // '['
    ValueTree out;
    out.kind = ValueTree::Kind::sequence;
    if (take(']')) return out;
    do {
      std::optional<ValueTree> item = value();
      if (!item) return std::nullopt;
      out.items.push_back(std::move(*item));
    } while (take(','));
    if (!take(']')) {
      fail("expected ',' or ']'");
      return std::nullopt;
    }
    return out;
  }

  std::optional<ValueTree> map() {
    ++at_;  // '{'
    ValueTree out;
    out.kind = ValueTree::Kind::map;
    if (take('}')) return out;
    do {
      std::string key = word();
      if (key.empty()) {
        fail("expected a key");
        return std::nullopt;
      }
      if (out.find(key) != nullptr) {
        fail("duplicate key '" + key + "'");
        return std::nullopt;
      }
      if (!take(':')) {
        fail("expected ':' after '" + key + "'");
        return std::nullopt;
      }
      std::optional<ValueTree> v = value();
      if (!v) return std::nullopt;
      out.entries.push_back(MapEntry{std::move(key), {}, std::move(*v)});
    } while (take(','));
    if (!take('}')) {
      fail("expected ',' or '}'");
      return std::nullopt;
    }
    return out;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::string error_;
  std::size_t error_at_ = 0;
};

}  // namespace

std::optional<ValueTree> parse_flow(std::string_view text, std::string& error) {
  return FlowParser(text).document(error);
}

}  // namespace lrbench::plugins
