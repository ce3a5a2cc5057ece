#include "plugins/params_json.hpp"

#include <cmath>
#include <type_traits>
#include <variant>

namespace lrbench::plugins {

nlohmann::json to_json(const ParamValues& values) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : values.entries()) {
    out[name] = std::visit(
        [](const auto& x) -> nlohmann::json {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return nullptr;
          } else if constexpr (std::is_same_v<T, double>) {
            if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
            return x;
          } else if constexpr (std::is_same_v<T, InnerOptimizer>) {
            return {{"name", x.name}, {"params", x.params ? to_json(*x.params) : nlohmann::json::object()}};
          } else {
            return x;
          }
        },
        value);
  }
  return out;
}

}  // namespace lrbench::plugins
