#include "scenario/value_tree.hpp"

namespace lrbench::scenario {
namespace {

plugins::Position position(const tree::Mark& mark) { return plugins::Position{mark.file, mark.line, mark.column}; }

}  // namespace

plugins::ValueTree to_value_tree(const tree::Node& node) {
  plugins::ValueTree out;
  out.at = position(node.mark);
  switch (node.kind) {
    case tree::Node::Kind::null: out.kind = plugins::ValueTree::Kind::null; break;
    case tree::Node::Kind::scalar:
      out.kind = plugins::ValueTree::Kind::scalar;
      out.text = node.text;
      out.quoted = node.quoted;
      break;
    case tree::Node::Kind::sequence:
      out.kind = plugins::ValueTree::Kind::sequence;
      for (const tree::NodePtr& item : node.items) out.items.push_back(to_value_tree(*item));
      break;
    case tree::Node::Kind::map:
      out.kind = plugins::ValueTree::Kind::map;
      for (const tree::Entry& e : node.entries) {
        out.entries.push_back(plugins::MapEntry{e.key, position(e.key_mark), to_value_tree(*e.value)});
      }
      break;
  }
  return out;
}

}  // namespace lrbench::scenario
