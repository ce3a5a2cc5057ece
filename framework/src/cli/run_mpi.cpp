#include "cli/run_mpi.hpp"

#include <exception>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace lrbench::cli {

int serve_as_worker(mpi::Cluster& cluster, const ScenarioSelection& selection, const run::RunnerOptions& options,
                    const GlobalOptions& global) {
  if (const int status = cluster.wait_for_release(); status != 0) return status;
  GlobalOptions quiet = global;
  quiet.quiet = true;  // rank 0 has warned about the plugins already
  try {
    const auto registry = load_registry(quiet, /*probe_in_child=*/options.isolate);
    // What load_selection prints goes to rank 0 as this worker's failure.
    std::ostringstream diagnostics;
    std::optional<std::vector<scenario::Scenario>> loaded;
    {
      struct Restore {
        std::streambuf* buffer;
        ~Restore() { std::cerr.rdbuf(buffer); }
      } restore{std::cerr.rdbuf(diagnostics.rdbuf())};
      loaded = load_selection(selection, *registry, /*dry_construct=*/!options.isolate);
    }
    if (!loaded) {
      cluster.report_failure("it could not load the scenarios rank 0 loaded: " + diagnostics.str());
      return kSuccess;
    }
    cluster.serve(*loaded, *registry, options);
  } catch (const std::exception& e) {
    cluster.report_failure(e.what());
  }
  return kSuccess;
}

}  // namespace lrbench::cli
