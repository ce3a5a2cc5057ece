// lrbench built without MPI (LRBENCH_MPI=OFF): --mpi is refused (cluster.hpp).
#include <stdexcept>

#include "mpi/cluster.hpp"

namespace lrbench::mpi {

struct Cluster::State {};

bool available() noexcept { return false; }

Cluster::Cluster() { throw std::runtime_error(kNotBuilt); }
Cluster::~Cluster() = default;
int Cluster::rank() const noexcept { return 0; }
int Cluster::size() const noexcept { return 1; }
void Cluster::release() {}
run::RunCounts Cluster::run(std::size_t, const scenario::Scenario&, const std::vector<scenario::Run>&,
                            const plugins::Registry&, const run::RunnerOptions&, const run::RunSink&, bool) {
  throw std::runtime_error(kNotBuilt);
}
int Cluster::wait_for_release() { return 2; }
void Cluster::report_failure(const std::string&) {}
void Cluster::serve(const std::vector<scenario::Scenario>&, const plugins::Registry&, const run::RunnerOptions&) {}

}  // namespace lrbench::mpi
