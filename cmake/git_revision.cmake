# Run at every build (cmake -P): writes the commit the binary is built from into OUTPUT, touching
# the file only when the revision changed, so an unchanged tree relinks nothing. Outside a git
# checkout (a source tarball, git archive output, no git installed) the commit is empty.
find_package(Git QUIET)
set(commit "")
set(dirty 0)
if(GIT_FOUND)
  # GIT_CEILING_DIRECTORIES: a tarball unpacked inside some other checkout is still no checkout
  # (and so is a copy of this tree kept as a subfolder of a bigger repository).
  get_filename_component(parent "${SOURCE_DIR}" DIRECTORY)
  set(ENV{GIT_CEILING_DIRECTORIES} "${parent}")
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse --verify -q HEAD
                  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT commit STREQUAL "")
    # --no-optional-locks: a build must not take .git/index.lock from under the user's own git.
    execute_process(COMMAND "${GIT_EXECUTABLE}" --no-optional-locks -C "${SOURCE_DIR}" status
                            --porcelain
                            --untracked-files=no
                            # What a sweep writes under results/ is output, not the source built.
                            -- . ":(exclude)results"
                    OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(NOT changes STREQUAL "")
      set(dirty 1)
    endif()
  endif()
endif()
string(CONCAT text "// Generated at build time by cmake/git_revision.cmake.\n#pragma once\n\n"
         "#define SCALEBENCH_BUILD_COMMIT \"${commit}\"\n#define SCALEBENCH_BUILD_DIRTY ${dirty}\n")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()
