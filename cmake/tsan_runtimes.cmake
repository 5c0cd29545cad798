# The OpenMP and oneTBB runtimes for the tsan preset. ThreadSanitizer follows only the
# synchronisation it sees: in code built with it, in the calls it intercepts (pthreads, malloc) and
# in annotations. Debian's libgomp and libtbb are built without it and synchronise through their own
# atomics and futexes, so TSan would report races between every kernel body and the thread that
# started it. Suppressing those would hide real races in the same bodies, so both runtimes are
# replaced by ones TSan can follow.

# oneTBB: the same version, built with -fsanitize=thread from Debian's source by scripts/tsan-tbb.
set(SCALEBENCH_TSAN_TBB_PREFIX "${PROJECT_SOURCE_DIR}/build-tsan-tbb/install"
    CACHE PATH "oneTBB built with ThreadSanitizer (scripts/tsan-tbb)")
find_package(TBB CONFIG PATHS ${SCALEBENCH_TSAN_TBB_PREFIX} NO_DEFAULT_PATH)
if(NOT TBB_FOUND)
  message(FATAL_ERROR "ThreadSanitizer needs oneTBB built with it in ${SCALEBENCH_TSAN_TBB_PREFIX}:"
                      " run scripts/setup tsan (or scripts/tsan-tbb)")
endif()

# OpenMP: libgomp cannot be rebuilt from a package here. LLVM's libomp (libomp-14-dev) implements
# the GOMP_* entry points that GCC's -fopenmp code calls, and ships Archer, an OMPT tool that tells
# TSan about every fork, join, barrier, task and task dependence. Code is still compiled by GCC with
# -fopenmp; only the runtime it links differs from the release build.
find_library(SCALEBENCH_LIBOMP NAMES omp HINTS /usr/lib/llvm-14/lib)
find_library(SCALEBENCH_LIBARCHER NAMES archer HINTS /usr/lib/llvm-14/lib)
if(NOT SCALEBENCH_LIBOMP OR NOT SCALEBENCH_LIBARCHER)
  message(FATAL_ERROR "ThreadSanitizer needs LLVM's libomp and its Archer tool (libomp-14-dev):"
                      " run scripts/setup tsan")
endif()
add_library(scalebench_tsan_openmp INTERFACE)
target_compile_options(scalebench_tsan_openmp INTERFACE ${OpenMP_CXX_FLAGS})
# Nothing calls libarcher, but linked ahead of libomp its ompt_start_tool is the one libomp finds
# at start-up: Archer is active in every test and in every worker process the CLI starts, with no
# OMP_TOOL_LIBRARIES to set.
target_link_libraries(scalebench_tsan_openmp INTERFACE "-Wl,--push-state,--no-as-needed"
                      ${SCALEBENCH_LIBARCHER} "-Wl,--pop-state" ${SCALEBENCH_LIBOMP})
set(SCALEBENCH_OPENMP scalebench_tsan_openmp)
