#include "scenario/tree.hpp"

#include <algorithm>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "util/scalars.hpp"
#include "util/text.hpp"

namespace lrbench::scenario::tree {
namespace {

// Conversion recurses once per nesting level; an anchor that contains its own
// alias (`&a [*a]`) makes yaml-cpp build a cyclic graph, so depth must be
// capped independently of the node count to keep the stack safe.
constexpr int kMaxDepth = 256;

Mark to_mark(const YAML::Mark& m, Mark fallback) {
  if (m.is_null() || m.line < 0 || m.column < 0) return fallback;
  return Mark{m.line + 1, m.column + 1, nullptr};
}

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

// !!int, !!float, !!bool, !!null: a value the core schema reads like a plain scalar.
bool is_core_value_tag(std::string_view tag) {
  if (tag.substr(0, kCoreTagPrefix.size()) != kCoreTagPrefix) return false;
  const std::string_view type = tag.substr(kCoreTagPrefix.size());
  return type == "int" || type == "float" || type == "bool" || type == "null";
}

// The tags yaml-cpp gives untagged nodes ("?" plain, "!" quoted, "" none)
// and the core schema's own.
bool known_tag(std::string_view tag) {
  if (tag.empty() || tag == "?" || tag == "!") return true;
  if (tag.substr(0, kCoreTagPrefix.size()) != kCoreTagPrefix) return false;
  const std::string_view type = tag.substr(kCoreTagPrefix.size());
  return is_core_value_tag(tag) || type == "str" || type == "seq" || type == "map";
}

// Thrown inside the conversion to stop at the first structural problem that
// makes the rest of the document meaningless (too many nodes, too deep).
struct Abort {
  Diagnostic diagnostic;
};

class Converter {
 public:
  Converter(const std::string& file, std::size_t max_nodes, std::vector<Diagnostic>& out)
      : file_(file), file_name_(std::make_shared<const std::string>(file)), max_nodes_(max_nodes), out_(out) {}

  NodePtr convert(const YAML::Node& in, Mark fallback, const std::string& path, int depth) {
    Mark mark = to_mark(in.Mark(), fallback);
    mark.file = file_name_;
    if (++count_ > max_nodes_) {
      throw Abort{Diagnostic{file_, mark.line, mark.column, path,
                             fmt::format("document expands to more than {} nodes; YAML aliases?", max_nodes_)}};
    }
    if (depth > kMaxDepth) {
      // No path: it would be hundreds of parts long.
      throw Abort{Diagnostic{file_, mark.line, mark.column, "",
                             fmt::format("nested more than {} levels deep", kMaxDepth)}};
    }
    if (!known_tag(in.Tag())) {
      // A custom tag (!custom) would otherwise be dropped without a word.
      out_.push_back(Diagnostic{file_, mark.line, mark.column, path,
                                fmt::format("unknown tag '{}'; lrbench reads plain YAML 1.2 values (the core "
                                            "schema's !!str, !!int, !!float, !!bool, !!null, !!seq and !!map "
                                            "tags at most): remove the tag",
                                            util::printable(in.Tag()))});
    }
    auto node = std::make_shared<Node>();
    node->mark = mark;
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        node->kind = Node::Kind::null;
        break;
      case YAML::NodeType::Scalar:
        node->kind = Node::Kind::scalar;
        node->text = in.Scalar();
        // yaml-cpp tags plain scalars "?" and quoted ones "!"; anything else
        // is an explicit tag. Only plain scalars, and those tagged as one of
        // the core schema's non-string types (!!int 1), may be numbers.
        node->quoted = in.Tag() != "?" && !is_core_value_tag(in.Tag());
        break;
      case YAML::NodeType::Sequence: {
        node->kind = Node::Kind::sequence;
        std::size_t index = 0;
        for (auto it = in.begin(); it != in.end(); ++it) {
          const YAML::Node item = *it;  // yaml-cpp iterators yield temporaries: keep a handle
          node->items.push_back(convert(item, mark, util::join_key(path, std::to_string(index++)), depth + 1));
        }
        break;
      }
      case YAML::NodeType::Map: {
        node->kind = Node::Kind::map;
        std::unordered_map<std::string, Mark> seen;
        for (auto it = in.begin(); it != in.end(); ++it) {
          // it->first is a member of a temporary proxy; keep copies (Nodes are handles).
          const YAML::Node key = it->first;
          const YAML::Node value = it->second;
          Mark key_mark = to_mark(key.Mark(), mark);
          key_mark.file = file_name_;
          if (!key.IsScalar()) {
            out_.push_back(Diagnostic{file_, key_mark.line, key_mark.column, path,
                                      "map keys must be plain words, found a list, map or null key"});
            ++count_;
            continue;
          }
          const std::string& text = key.Scalar();
          // yaml-cpp keeps both entries of a duplicated key; silently taking
          // either would hide a real mistake (two `lr:` lines).
          if (auto [where, inserted] = seen.emplace(text, key_mark); !inserted) {
            out_.push_back(Diagnostic{file_, key_mark.line, key_mark.column, util::join_key(path, text),
                                      fmt::format("duplicate key '{}' (first given at line {})", text,
                                                  where->second.line)});
            continue;
          }
          node->entries.push_back(Entry{text, key_mark, convert(value, key_mark, util::join_key(path, text), depth + 1)});
        }
        break;
      }
    }
    return node;
  }

 private:
  const std::string& file_;
  std::shared_ptr<const std::string> file_name_;  // shared by every mark of the document
  std::size_t max_nodes_;
  std::vector<Diagnostic>& out_;
  std::size_t count_ = 0;
};

// Decodes one UTF-8 sequence at text[i]; returns its length, or 0 if invalid
// (truncated, overlong, surrogate, or beyond U+10FFFF).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1Fu; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0Fu; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07u; }
  else return 0;
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

const Entry* Node::find(std::string_view key) const noexcept {
  for (const Entry& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::optional<Diagnostic> check_text(std::string_view text, const std::string& file) {
  if (text.empty()) return Diagnostic{file, 0, 0, "", "the file is empty"};
  int line = 1;
  int column = 1;  // in characters, as yaml-cpp counts them
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\0') {
      return Diagnostic{file, line, column, "", "the file contains a NUL byte; is it a binary file (or UTF-16)?"};
    }
    const std::size_t len = utf8_length(text, i);
    if (len == 0) {
      return Diagnostic{file, line, column, "",
                        fmt::format("the file is not valid UTF-8 (byte 0x{:02X})", static_cast<unsigned char>(text[i]))};
    }
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += len;
  }
  return std::nullopt;
}

namespace {

// yaml-cpp 0.7's LoadAll never returns on a stray ',' at the top level
// (",\n", "{a: 1},\n"): the parser yields an empty document without
// consuming the token, again and again, and memory grows until the process is
// killed (found by tests/fuzz). This pass walks the documents' events first
// and throws a ParserException where a document starts at the same spot as
// the previous one, or beyond a sane number of documents.
void check_documents_end(std::string_view text) {
  struct Starts final : YAML::EventHandler {
    YAML::Mark last = YAML::Mark::null_mark();
    bool stalled = false;
    void OnDocumentStart(const YAML::Mark& m) override {
      stalled = !last.is_null() && m.pos == last.pos;
      last = m;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
  };
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  Starts starts;
  for (int documents = 0; parser.HandleNextDocument(starts); ++documents) {
    if (starts.stalled) {
      const auto at = static_cast<std::size_t>(std::max(starts.last.pos, 0));
      const std::string found = at < text.size() ? fmt::format("'{}'", text[at]) : std::string("this");
      throw YAML::ParserException(starts.last, "unexpected " + found + " outside a [list] or {map}");
    }
    if (documents > 10000) throw YAML::ParserException(starts.last, "more than 10000 YAML documents");
  }
}

}  // namespace

NodePtr parse(std::string_view text, const std::string& file, std::size_t max_nodes,
              std::vector<Diagnostic>& diagnostics) {
  std::vector<YAML::Node> documents;
  try {
    check_documents_end(text);
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard (2000 levels): the same limit as the conversion's.
    const Mark m = to_mark(e.mark, Mark{});
    diagnostics.push_back(
        Diagnostic{file, m.line, m.column, "", fmt::format("nested more than {} levels deep", kMaxDepth)});
    return nullptr;
  } catch (const YAML::ParserException& e) {
    const Mark m = to_mark(e.mark, Mark{});
    diagnostics.push_back(Diagnostic{file, m.line, m.column, "", "YAML syntax error: " + e.msg});
    return nullptr;
  } catch (const YAML::Exception& e) {
    const Mark m = to_mark(e.mark, Mark{});
    diagnostics.push_back(Diagnostic{file, m.line, m.column, "", "YAML error: " + e.msg});
    return nullptr;
  } catch (const std::exception& e) {
    diagnostics.push_back(Diagnostic{file, 0, 0, "", std::string("cannot parse the file: ") + e.what()});
    return nullptr;
  }
  if (documents.empty() || (documents.size() == 1 && documents[0].IsNull())) {
    diagnostics.push_back(Diagnostic{file, 1, 1, "", "the file is empty (no YAML content)"});
    return nullptr;
  }
  if (documents.size() > 1) {
    const Mark m = to_mark(documents[1].Mark(), Mark{1, 1, nullptr});
    diagnostics.push_back(Diagnostic{file, m.line, m.column, "",
                                     fmt::format("the file holds {} YAML documents; a scenario is one", documents.size())});
    return nullptr;
  }
  const std::size_t before = diagnostics.size();
  try {
    Converter converter(file, max_nodes, diagnostics);
    NodePtr root = converter.convert(documents[0], Mark{1, 1, nullptr}, "", 0);
    if (diagnostics.size() != before) return nullptr;
    return root;
  } catch (const Abort& abort) {
    diagnostics.push_back(abort.diagnostic);
    return nullptr;
  } catch (const std::exception& e) {  // bad_alloc, or yaml-cpp surprises
    diagnostics.push_back(Diagnostic{file, 0, 0, "", std::string("cannot read the YAML document: ") + e.what()});
    return nullptr;
  }
}

std::string render(const Node& node) {
  switch (node.kind) {
    case Node::Kind::null: return "null";
    case Node::Kind::scalar: return node.text;
    case Node::Kind::sequence: {
      std::string out = "[";
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        if (i > 0) out += ", ";
        out += render(*node.items[i]);
      }
      return out + "]";
    }
    case Node::Kind::map: {
      std::string out = "{";
      for (std::size_t i = 0; i < node.entries.size(); ++i) {
        if (i > 0) out += ", ";
        out += node.entries[i].key + ": " + render(*node.entries[i].value);
      }
      return out + "}";
    }
  }
  return "";
}

NodePtr with_value(const NodePtr& root, std::span<const std::string> path, const NodePtr& value, Mark key_mark,
                   std::string& error) {
  if (path.empty()) return value;
  const std::string& key = path.front();
  auto copy = std::make_shared<Node>(*root);
  if (copy->is_sequence()) {
    std::size_t index = 0;
    bool numeric = !key.empty() && key.size() < 10;
    for (char c : key) numeric = numeric && c >= '0' && c <= '9';
    if (numeric) index = std::stoul(key);
    if (!numeric || index >= copy->items.size()) {
      error = fmt::format("'{}' does not address an item of a list of {}", key, copy->items.size());
      return nullptr;
    }
    NodePtr child = with_value(copy->items[index], path.subspan(1), value, key_mark, error);
    if (!child) return nullptr;
    copy->items[index] = std::move(child);
    return copy;
  }
  if (copy->is_null()) {
    // `params:` written with nothing after it, or a key being created: a map.
    copy->kind = Node::Kind::map;
    copy->mark = key_mark;
  }
  if (!copy->is_map()) {
    error = fmt::format("cannot set '{}' inside a scalar value ('{}')", key, copy->text);
    return nullptr;
  }
  for (Entry& entry : copy->entries) {
    if (entry.key == key) {
      NodePtr child = with_value(entry.value, path.subspan(1), value, key_mark, error);
      if (!child) return nullptr;
      entry.value = std::move(child);
      if (path.size() == 1) entry.key_mark = key_mark;
      return copy;
    }
  }
  auto empty = std::make_shared<Node>();
  empty->mark = key_mark;
  NodePtr child = with_value(empty, path.subspan(1), value, key_mark, error);
  if (!child) return nullptr;
  copy->entries.push_back(Entry{key, key_mark, std::move(child)});
  return copy;
}

NodePtr merge(const NodePtr& base, const NodePtr& over) {
  if (!base || !over || !base->is_map() || !over->is_map()) return over;
  auto merged = std::make_shared<Node>(*base);
  merged->mark = over->mark;
  for (const Entry& o : over->entries) {
    auto same = std::find_if(merged->entries.begin(), merged->entries.end(),
                             [&](const Entry& b) { return b.key == o.key; });
    if (same == merged->entries.end()) {
      merged->entries.push_back(o);
    } else {
      same->value = merge(same->value, o.value);
      same->key_mark = o.key_mark;
    }
  }
  return merged;
}

}  // namespace lrbench::scenario::tree
