// One rank's view of an MPI job: MPI_Init_thread and MPI_Finalize around the rank program, and the
// facts a proof of placement names (world rank and size, rank on its host, host name).
#pragma once

#include <string>

namespace sb {

class MpiSession {
 public:
  // Initialises MPI (funneled: only the thread that called this calls MPI). Throws ConfigError
  // when MPI is already initialised or refuses.
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  // Ends every rank of the job with `status`: an error on one rank must not leave the others
  // waiting in a collective (and MPI_Finalize waiting for them) until the launch times out.
  [[noreturn]] void abort(int status) const;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // Rank among the ranks sharing this host (MPI_COMM_TYPE_SHARED): which of the host's PUs it
  // takes.
  int local_rank() const { return local_rank_; }
  int local_size() const { return local_size_; }
  const std::string& host() const { return host_; }

 private:
  int rank_ = 0, size_ = 1, local_rank_ = 0, local_size_ = 1;
  std::string host_;
};

}  // namespace sb
