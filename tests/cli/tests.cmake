# CLI-level tests: the pstat-view binary run as a user runs it.  The checks
# live in tests/cli/run.sh, one case per ctest test (see its header).
set(PV_CLI_RUN ${CMAKE_CURRENT_LIST_DIR}/run.sh)
set(PV_CLI_MAN ${PV_SRC}/man/pstat-view.1)

# pv_cli_test(NAME CASE [ARG...]) registers the test cli.NAME.
function(pv_cli_test name)
  add_test(NAME cli.${name} COMMAND bash ${PV_CLI_RUN} ${PV_BIN} ${ARGN})
  set_tests_properties(cli.${name} PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
    SKIP_RETURN_CODE 77 TIMEOUT 300)
endfunction()

pv_cli_test(version version ${PROJECT_VERSION})
pv_cli_test(help help)
pv_cli_test(help_commands help_commands)
pv_cli_test(usage_errors usage_errors)
pv_cli_test(command_usage_errors command_usage_errors ${PV_SRC}/samples/jset.pstats)
pv_cli_test(demo demo ${PV_SRC}/samples/jset.pstats)
pv_cli_test(man_render man_render ${PV_CLI_MAN})
pv_cli_test(man_options man_options ${PV_CLI_MAN})
# README's "$ build/pstat-view ..." output is what the binary prints; its pictures exist.
pv_cli_test(readme readme ${PV_SRC}/README.md)

# Every bundled sample loads.
file(GLOB PV_CLI_SAMPLES CONFIGURE_DEPENDS ${PV_SRC}/samples/*.pstats)
list(SORT PV_CLI_SAMPLES)
foreach(f ${PV_CLI_SAMPLES})
  get_filename_component(stem ${f} NAME_WE)
  pv_cli_test(sample.${stem} good_file ${f})
endforeach()

# Every file of tests/data/malformed (copied from shared/corpus/malformed)
# gives one line "pstat-view: FILE: ..." and exit 1, except these, which
# Python's pstats reads without an error, and so does pstat-view.
set(PV_CLI_MALFORMED_BUT_VALID bytes_keys line_float)
file(GLOB PV_CLI_MALFORMED CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/../data/malformed/*.pstats)
list(SORT PV_CLI_MALFORMED)
foreach(f ${PV_CLI_MALFORMED})
  get_filename_component(stem ${f} NAME_WE)
  get_filename_component(f ${f} ABSOLUTE)
  if(stem IN_LIST PV_CLI_MALFORMED_BUT_VALID)
    pv_cli_test(malformed.${stem} good_file ${f})
  else()
    pv_cli_test(malformed.${stem} bad_file ${f})
  endif()
endforeach()

# The bash completion script offers what --help and help CMD list.
add_test(NAME cli.completion COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/completion.sh ${PV_BIN}
  ${PV_SRC}/scripts/pstat-view-completion.bash)
set_tests_properties(cli.completion PROPERTIES ENVIRONMENT "${PV_TEST_ENV}" TIMEOUT 120)

# `cmake --install` into a temporary prefix: the binary, the man page (rendered
# through MANPATH by man) and the completion (tried in an interactive bash in
# tmux).
add_test(NAME cli.install COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install.sh ${CMAKE_BINARY_DIR})
set_tests_properties(cli.install PROPERTIES ENVIRONMENT "${PV_TEST_ENV}" TIMEOUT 120
  SKIP_RETURN_CODE 77)

# The CLI paths once under valgrind memcheck (in the normal build only: it
# does not mix with the sanitizers).  Any memory error or definite leak
# fails the test.
find_program(PV_VALGRIND valgrind)
if(PV_VALGRIND AND NOT PV_SANITIZE)
  set(PV_VG ${PV_VALGRIND} --quiet --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite --show-leak-kinds=definite
    --suppressions=${PV_SRC}/tests/valgrind.supp)
  set(PV_VG_SAMPLE ${PV_SRC}/samples/jset.pstats)
  set(PV_VG_PROFILE ${PV_SRC}/samples/py311_recursion_profile.pstats)
  set(PV_VG_PY27 ${PV_SRC}/samples/py27_ut_difflib.pstats)
  add_test(NAME valgrind.stats COMMAND ${PV_VG} ${PV_BIN} stats ${PV_VG_SAMPLE} ${PV_VG_PY27}
    --strip-dirs -s tottime -l 20 -l .)
  add_test(NAME valgrind.stats_callers COMMAND ${PV_VG} ${PV_BIN} stats ${PV_VG_PROFILE}
    --callers -l 10)
  add_test(NAME valgrind.stats_json COMMAND ${PV_VG} ${PV_BIN} stats ${PV_VG_SAMPLE}
    --format json -l 5)
  add_test(NAME valgrind.merge COMMAND ${PV_VG} ${PV_BIN} merge ${PV_VG_SAMPLE} ${PV_VG_SAMPLE}
    -o ${CMAKE_CURRENT_BINARY_DIR}/valgrind-merged.pstats)
  add_test(NAME valgrind.dot COMMAND ${PV_VG} ${PV_BIN} dot ${PV_VG_SAMPLE})
  add_test(NAME valgrind.dot_svg COMMAND ${PV_VG} ${PV_BIN} dot ${PV_VG_SAMPLE} -T svg
    -o ${CMAKE_CURRENT_BINARY_DIR}/valgrind-graph.svg)
  add_test(NAME valgrind.bad_file COMMAND ${PV_VG} ${PV_BIN} stats
    ${PV_SRC}/tests/data/malformed/truncated_half.pstats)
  set_tests_properties(valgrind.bad_file PROPERTIES WILL_FAIL FALSE
    PASS_REGULAR_EXPRESSION "pstat-view: .*truncated")
  set_tests_properties(valgrind.stats valgrind.stats_callers valgrind.stats_json
    valgrind.merge valgrind.dot valgrind.dot_svg valgrind.bad_file
    PROPERTIES ENVIRONMENT "${PV_TEST_ENV}" TIMEOUT 600
    FAIL_REGULAR_EXPRESSION "==[0-9]+== ")
endif()
