#include "scenario/experiment.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "scenario/limits.hpp"
#include "util/output_names.hpp"

namespace lrbench::scenario {
namespace {

using tree::Entry;
using tree::Node;

bool safe_name(const std::string& name) {
  if (name.empty() || name.size() > limits::kMaxNameLength) return false;
  const auto alnum = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
  };
  if (!alnum(name[0])) return false;
  for (char ch : name) {
    if (!alnum(ch) && ch != '.' && ch != '_' && ch != '-') return false;
  }
  // Harmless inside one path component, but names are also pasted into
  // shell commands and URLs by users; ".." there invites mistakes.
  return name.find("..") == std::string::npos;
}

// A scenario's name becomes a folder beside the files lrbench writes.
std::string reserved_name_message(const std::string& name) {
  return fmt::format("'{}' is the name of a file lrbench writes into the output folder (README.md, runs.jsonl, "
                     "summary.json, ...); choose another name",
                     name);
}

std::optional<std::uint64_t> seed_value(Reader& r, const Node& n, const std::string& path) {
  std::uint64_t v = 0;
  if (n.is_scalar() && !n.quoted && !n.text.empty() && n.text[0] != '-') {
    const char* first = n.text.data() + (n.text[0] == '+' ? 1 : 0);
    const char* last = n.text.data() + n.text.size();
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc() && ptr == last) return v;
  }
  std::int64_t negative = 0;
  if (n.is_scalar() && !n.quoted && parse_integer(n.text, negative) == IntParse::ok) {
    r.error(n.mark, path, "expected an integer >= 0, found " + n.text);
  } else {
    r.error(n.mark, path, "expected an integer >= 0, found " + describe(n));
  }
  return std::nullopt;
}

}  // namespace

std::string read_name(Reader& r, const Node& root, const std::string& file) {
  if (const Entry* e = root.find("name")) {
    if (auto v = r.text(*e->value, "name")) {
      if (safe_name(*v) && util::is_reserved_output_name(*v)) {
        r.error(e->value->mark, "name", reserved_name_message(*v));
        return "";
      }
      if (safe_name(*v)) return *v;
      r.error(e->value->mark, "name",
              fmt::format("'{}' is not a safe folder name: use [A-Za-z0-9][A-Za-z0-9._-]*, at most {} characters, "
                          "no '..'",
                          printable(*v), limits::kMaxNameLength));
    }
    return "";
  }
  std::string name = std::filesystem::path(file).stem().string();
  if (util::is_reserved_output_name(name)) {
    r.error(root.mark, "name", reserved_name_message(name) + "; add a 'name:' key");
  } else if (!safe_name(name)) {
    r.error(root.mark, "name",
            fmt::format("the file name '{}' is not a safe scenario name; add a 'name:' key "
                        "([A-Za-z0-9][A-Za-z0-9._-]*)",
                        name));
  }
  return name;
}

std::string read_description(Reader& r, const Node& root) {
  if (const Node* n = Reader::get(root, "description")) {
    if (auto v = r.text(*n, "description")) return *v;
  }
  return "";
}

std::vector<std::uint64_t> read_seeds(Reader& r, const Node& root,
                                      const std::optional<std::vector<std::uint64_t>>& override_seeds) {
  if (override_seeds) {
    const auto& seeds = *override_seeds;
    if (seeds.empty()) r.add(Diagnostic{"--seeds", 0, 0, "", "expected at least one seed"});
    std::set<std::uint64_t> seen;
    for (std::uint64_t seed : seeds) {
      if (!seen.insert(seed).second) r.add(Diagnostic{"--seeds", 0, 0, "", fmt::format("seed {} is given twice", seed)});
    }
    return seeds;
  }
  const Node* n = Reader::get(root, "seeds");
  if (n == nullptr) return {0};
  std::vector<std::uint64_t> seeds;
  if (!n->is_sequence() || n->items.empty()) {
    r.error(n->mark, "seeds",
            "expected a non-empty list of integers >= 0, found " +
                (n->is_sequence() ? std::string("an empty list") : describe(*n)) +
                (n->is_scalar() ? fmt::format(" (write [{}] for one seed)", n->text) : ""));
    return seeds;
  }
  std::map<std::uint64_t, std::size_t> seen;
  for (std::size_t i = 0; i < n->items.size(); ++i) {
    const std::string p = "seeds." + std::to_string(i);
    if (auto v = seed_value(r, *n->items[i], p)) {
      if (auto [where, inserted] = seen.emplace(*v, i); !inserted) {
        r.error(n->items[i]->mark, p, fmt::format("seed {} is given twice (also item {})", *v, where->second));
      } else {
        seeds.push_back(*v);
      }
    }
  }
  return seeds;
}

std::optional<Target> read_target(Reader& r, const Node& root) {
  const Node* m = r.map(Reader::get(root, "target"), "target");
  if (m == nullptr) return std::nullopt;
  const std::vector<std::string> metrics = {"test_accuracy", "train_accuracy", "validation_accuracy"};
  r.check_keys(*m, "target", metrics);
  std::optional<Target> target;
  std::size_t given = 0;
  for (const Entry& e : m->entries) {
    if (std::find(metrics.begin(), metrics.end(), e.key) == metrics.end()) continue;
    if (++given > 1) {
      r.error(e.key_mark, "target." + e.key,
              "give exactly one of test_accuracy, train_accuracy or validation_accuracy");
      continue;
    }
    if (auto v = r.number(*e.value, "target." + e.key, Range{0, 1, true, false})) {
      target = Target{e.key, *v};
    }
  }
  if (given == 0) {
    r.error(m->mark, "target", "missing required key 'test_accuracy' (or 'train_accuracy', 'validation_accuracy')");
  }
  return target;
}

}  // namespace lrbench::scenario
