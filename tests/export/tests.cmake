# pstat-view export (issue 7): callgrind read by callgrind_annotate,
# collapsed stacks' totals, JSON parsing; expectations in expect/ come from
# Python's pstats (gen_expect.py), not from pstat-view.  The CUnit test
# tests/unit/test_export.c round-trips the JSON through cJSON.
set(PV_EXPORT_DIR ${CMAKE_CURRENT_LIST_DIR})
foreach(c callgrind collapsed json)
  add_test(NAME export.${c}
    COMMAND sh ${PV_EXPORT_DIR}/check.sh ${PV_BIN} ${c} ${PV_EXPORT_DIR}/data
            ${PV_EXPORT_DIR}/expect ${CMAKE_CURRENT_BINARY_DIR}/export-work/${c})
  set_tests_properties(export.${c} PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
    SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
add_test(NAME export.cli
  COMMAND sh ${PV_EXPORT_DIR}/cli.sh ${PV_BIN} export ${PV_EXPORT_DIR}/data)
set_tests_properties(export.cli PROPERTIES ENVIRONMENT "${PV_TEST_ENV}")
