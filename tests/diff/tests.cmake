# pstat-view diff (issue 7): golden outputs (cases.txt, golden/*.out), the
# live oracle (Python's pstats, skipped without python3.11) and the CLI's
# exit statuses.
set(PV_DIFF_DIR ${CMAKE_CURRENT_LIST_DIR})
file(STRINGS ${PV_DIFF_DIR}/cases.txt PV_DIFF_CASES REGEX "^[a-z]")
foreach(line ${PV_DIFF_CASES})
  string(REGEX REPLACE " +" ";" words "${line}")
  list(GET words 0 name)
  list(REMOVE_AT words 0)
  add_test(NAME diff.golden.${name}
    COMMAND sh ${PV_DIFF_DIR}/run_case.sh ${PV_BIN} ${PV_DIFF_DIR}/data
            ${PV_DIFF_DIR}/golden/${name}.out ${words})
  set_tests_properties(diff.golden.${name} PROPERTIES ENVIRONMENT "${PV_TEST_ENV}")
endforeach()
add_test(NAME diff.oracle COMMAND sh ${PV_DIFF_DIR}/oracle.sh ${PV_BIN} ${PV_DIFF_DIR})
set_tests_properties(diff.oracle PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
  SKIP_RETURN_CODE 77 TIMEOUT 600)
add_test(NAME diff.cli COMMAND sh ${PV_DIFF_DIR}/cli.sh ${PV_BIN} ${PV_DIFF_DIR}/data)
set_tests_properties(diff.cli PROPERTIES ENVIRONMENT "${PV_TEST_ENV}")
