#include "conformance/json_params.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "plugins/resolve.hpp"

namespace lrbench::conformance {

plugins::ValueTree to_value_tree(const nlohmann::json& v) {
  using plugins::ValueTree;
  switch (v.type()) {
    case nlohmann::json::value_t::null: return ValueTree{};
    case nlohmann::json::value_t::boolean: return ValueTree::scalar(v.get<bool>() ? "true" : "false");
    case nlohmann::json::value_t::number_integer: return ValueTree::scalar(std::to_string(v.get<std::int64_t>()));
    case nlohmann::json::value_t::number_unsigned: return ValueTree::scalar(std::to_string(v.get<std::uint64_t>()));
    case nlohmann::json::value_t::number_float: {
      // Shortest text that reads back as the same double; "1.0" stays a real.
      std::string text = fmt::format("{}", v.get<double>());
      if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
      return ValueTree::scalar(text);
    }
    case nlohmann::json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      if (s == "inf") return ValueTree::scalar(".inf");
      if (s == "-inf") return ValueTree::scalar("-.inf");
      return ValueTree::scalar(s, /*quoted=*/true);
    }
    case nlohmann::json::value_t::array: {
      ValueTree out;
      out.kind = ValueTree::Kind::sequence;
      for (const auto& item : v) out.items.push_back(to_value_tree(item));
      return out;
    }
    case nlohmann::json::value_t::object: {
      ValueTree out;
      out.kind = ValueTree::Kind::map;
      for (const auto& [key, item] : v.items()) out.entries.push_back(plugins::MapEntry{key, {}, to_value_tree(item)});
      return out;
    }
    default: return ValueTree::scalar(v.dump(), /*quoted=*/true);
  }
}

ParamValues params_from_json(const PluginInfo& info, const nlohmann::json& given,
                             const plugins::PluginCatalog& catalog) {
  const plugins::ValueTree tree = to_value_tree(given);
  std::vector<plugins::ParamDiagnostic> problems;
  std::optional<ParamValues> values = plugins::resolve_params(info, &tree, "params", catalog, problems);
  if (!values) {
    std::string message;
    for (const auto& d : problems) message += (message.empty() ? "" : "; ") + plugins::format(d);
    throw std::runtime_error(message);
  }
  return std::move(*values);
}

}  // namespace lrbench::conformance
