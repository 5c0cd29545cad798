#include "harness/mpi/mpi_session.hpp"

#include <mpi.h>

#include <cstdlib>

#include "harness/core/error.hpp"
#include "harness/core/system.hpp"

namespace sb {

MpiSession::MpiSession(int& argc, char**& argv) {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised) throw ConfigError("MPI is already initialised in this process");
  int provided = 0;
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    throw ConfigError("MPI_Init_thread failed");
  }
  // Kernels with threads inside a rank call MPI from the rank's main thread only.
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw ConfigError("this MPI does not support MPI_THREAD_FUNNELED");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm local = MPI_COMM_NULL;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local);
  MPI_Comm_rank(local, &local_rank_);
  MPI_Comm_size(local, &local_size_);
  MPI_Comm_free(&local);
  host_ = host_name();
}

MpiSession::~MpiSession() { MPI_Finalize(); }

void MpiSession::abort(int status) const {
  MPI_Abort(MPI_COMM_WORLD, status);
  std::_Exit(status);  // MPI_Abort does not return; if it did, nothing must run on
}

}  // namespace sb
