#include "scenario/extends.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "scenario/limits.hpp"
#include "scenario/scalars.hpp"
#include "scenario/source.hpp"

namespace lrbench::scenario {
namespace {

namespace fs = std::filesystem;
using tree::Entry;
using tree::Node;
using tree::NodePtr;

// `chain` holds the files being resolved, to refuse cycles.
NodePtr with_bases(const NodePtr& root, const std::string& file, std::vector<fs::path>& chain,
                   std::vector<Diagnostic>& diags) {
  if (!root->is_map()) return root;
  const Entry* extends = root->find("extends");
  if (extends == nullptr) return root;
  auto own = std::make_shared<Node>(*root);
  std::erase_if(own->entries, [](const Entry& e) { return e.key == "extends"; });

  const Node& v = *extends->value;
  auto fail = [&](const std::string& message) {
    diags.push_back(Diagnostic{v.mark.file ? *v.mark.file : file, v.mark.line, v.mark.column, "extends", message});
    return NodePtr{};
  };
  if (!v.is_scalar() || v.text.empty()) return fail("expected the path of a YAML file, found " + describe(v));
  const fs::path base_file = (fs::path(file).parent_path() / v.text).lexically_normal();
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(base_file, ec);
  const fs::path key = ec ? fs::absolute(base_file, ec) : canonical;
  if (auto at = std::find(chain.begin(), chain.end(), key); at != chain.end()) {
    std::string cycle;
    for (auto it = at; it != chain.end(); ++it) cycle += it->filename().string() + " → ";
    return fail(fmt::format("'{}' extends itself: {}{}", v.text, cycle, key.filename().string()));
  }
  const std::string base_name = base_file.string();
  std::string why;
  const std::optional<std::string> text = read_source(base_file, why);
  if (!text) return fail(fmt::format("cannot extend '{}' ({}): {}", v.text, base_name, why));
  if (auto bad = tree::check_text(*text, base_name)) {
    diags.push_back(*bad);
    return nullptr;
  }
  const NodePtr base_root = tree::parse(*text, base_name, limits::kMaxNodes, diags);
  if (!base_root) return nullptr;
  if (!base_root->is_map()) {
    diags.push_back(Diagnostic{base_name, base_root->mark.line, base_root->mark.column, "",
                               "a file named by 'extends' must hold a map of scenario keys, found " +
                                   // Not the text itself: `extends: /etc/passwd` must not echo the file.
                                   (base_root->is_scalar() ? std::string("plain text (not shown)") : describe(*base_root))});
    return nullptr;
  }
  chain.push_back(key);
  NodePtr base = with_bases(base_root, base_name, chain, diags);
  chain.pop_back();
  if (!base) return nullptr;
  auto unnamed = std::make_shared<Node>(*base);
  std::erase_if(unnamed->entries, [](const Entry& e) { return e.key == "name"; });
  return tree::merge(unnamed, own);
}

}  // namespace

NodePtr resolve_extends(const NodePtr& root, const std::string& file, std::vector<Diagnostic>& diagnostics) {
  std::error_code ec;
  std::vector<fs::path> chain{fs::weakly_canonical(file, ec)};
  return with_bases(root, file, chain, diagnostics);
}

}  // namespace lrbench::scenario
