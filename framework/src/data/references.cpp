#include "data/references.hpp"

#include <functional>
#include <stdexcept>

#include <fmt/format.h>

namespace lrbench::data {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

int integer(const json& p, const char* key, const std::string& where) {
  if (!p.contains(key) || !p[key].is_number_integer()) bad(where + ".params." + key, "expected an integer");
  return p[key].get<int>();
}

double number(const json& p, const char* key, const std::string& where) {
  if (!p.contains(key) || !p[key].is_number()) bad(where + ".params." + key, "expected a number");
  return p[key].get<double>();
}

std::uint32_t seed(const json& p, const std::string& where) {
  const int random_state = integer(p, "random_state", where);
  if (random_state < 0) bad(where + ".params.random_state", "expected an integer >= 0");
  return static_cast<std::uint32_t>(random_state);
}

// sklearn's noise: null (none) or a number.
double noise(const json& p, const std::string& where) {
  if (!p.contains("noise") || p["noise"].is_null()) return 0.0;
  return number(p, "noise", where);
}

bool flag(const json& j, const char* key, const std::string& where, bool fallback) {
  if (!j.contains(key)) return fallback;
  if (!j[key].is_boolean()) bad(where + "." + key, "expected true or false");
  return j[key].get<bool>();
}

// sklearn's n_samples for the two-shape generators: n, or [out, in].
std::pair<int, int> two_counts(const json& p, const std::string& where) {
  if (p.contains("n_samples") && p["n_samples"].is_array()) {
    const json& pair = p["n_samples"];
    if (pair.size() != 2 || !pair[0].is_number_integer() || !pair[1].is_number_integer()) {
      bad(where + ".params.n_samples", "expected an integer or two integers [outer, inner]");
    }
    return {pair[0].get<int>(), pair[1].get<int>()};
  }
  const int n = integer(p, "n_samples", where);
  return {n / 2, n - n / 2};
}

// blobs.json keeps center_box and shuffle beside params.
Points blobs(const json& c, const json& p, const std::string& where) {
  BlobsSpec spec;
  spec.generator = BlobsGenerator::sklearn;
  spec.n_samples = integer(p, "n_samples", where);
  spec.centers = integer(p, "centers", where);
  spec.n_features = integer(p, "n_features", where);
  spec.cluster_std = number(p, "cluster_std", where);
  spec.random_state = seed(p, where);
  if (c.contains("center_box")) {
    const json& box = c["center_box"];
    if (!box.is_array() || box.size() != 2 || !box[0].is_number() || !box[1].is_number()) {
      bad(where + ".center_box", "expected two numbers");
    }
    spec.center_box_low = box[0].get<double>();
    spec.center_box_high = box[1].get<double>();
  }
  spec.shuffle = flag(c, "shuffle", where, true);
  return make_blobs(spec);
}

Points circles(const json&, const json& p, const std::string& where) {
  CirclesSpec spec;
  std::tie(spec.n_samples_out, spec.n_samples_in) = two_counts(p, where);
  spec.noise = noise(p, where);
  spec.factor = p.contains("factor") ? number(p, "factor", where) : 0.8;
  spec.shuffle = flag(p, "shuffle", where + ".params", true);
  spec.random_state = seed(p, where);
  return make_circles(spec);
}

Points moons(const json&, const json& p, const std::string& where) {
  MoonsSpec spec;
  std::tie(spec.n_samples_out, spec.n_samples_in) = two_counts(p, where);
  spec.noise = noise(p, where);
  spec.shuffle = flag(p, "shuffle", where + ".params", true);
  spec.random_state = seed(p, where);
  return make_moons(spec);
}

struct Generator {
  const char* name;
  const char* subject;
  Points (*run)(const json& c, const json& params, const std::string& where);
};

// A case without a name is named by its parameters.
std::string default_name(const std::string& generator, const json& p) {
  if (generator == "blobs" && p.contains("n_samples") && p.contains("centers") && p.contains("n_features") &&
      p.contains("cluster_std") && p.contains("random_state")) {
    return fmt::format("n_samples={} centers={} n_features={} cluster_std={} random_state={}", p["n_samples"].dump(),
                       p["centers"].dump(), p["n_features"].dump(), p["cluster_std"].get<double>(),
                       p["random_state"].dump());
  }
  return p.dump();
}

const std::vector<Generator>& generators() {
  static const std::vector<Generator> all = {
      {"blobs", "make_blobs", blobs},
      {"circles", "make_circles", circles},
      {"moons", "make_moons", moons},
  };
  return all;
}

}  // namespace

std::vector<std::string> reference_generators() {
  std::vector<std::string> names;
  for (const Generator& g : generators()) names.emplace_back(g.name);
  return names;
}

ReferenceRun run_reference_case(const json& c, const std::string& where) {
  if (!c.is_object()) bad(where, "expected an object");
  const std::string name = c.contains("generator") && c["generator"].is_string() ? c["generator"].get<std::string>()
                                                                                 : std::string("blobs");
  if (c.contains("generator") && !c["generator"].is_string()) bad(where + ".generator", "expected a string");
  if (!c.contains("params") || !c["params"].is_object()) bad(where, "missing 'params'");
  for (const Generator& g : generators()) {
    if (name != g.name) continue;
    ReferenceRun run;
    run.subject = g.subject;
    run.name = c.contains("name") && c["name"].is_string() ? c["name"].get<std::string>()
                                                           : default_name(name, c["params"]);
    run.points = g.run(c, c["params"], where);
    return run;
  }
  std::string known;
  for (const Generator& g : generators()) known += (known.empty() ? "" : ", ") + std::string(g.name);
  bad(where + ".generator", fmt::format("unknown generator '{}'; expected one of {}", name, known));
}

}  // namespace lrbench::data
