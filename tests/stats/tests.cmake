# pstat-view stats / merge / shell tests (issue 3).  See tests/stats/README.md.
set(PV_STATS_DIR ${CMAKE_CURRENT_LIST_DIR})
set(PV_STATS_WORK ${CMAKE_CURRENT_BINARY_DIR}/stats-work)

# Golden cases (data-driven; generated once by make_golden.py from the
# pstats oracle): one ctest per golden file.
add_executable(pv_stats_golden ${PV_STATS_DIR}/golden_runner.c)
target_link_libraries(pv_stats_golden PRIVATE pv_options PkgConfig::CJSON)
file(GLOB PV_STATS_GOLDEN CONFIGURE_DEPENDS ${PV_STATS_DIR}/golden/*.golden)
list(SORT PV_STATS_GOLDEN)
foreach(g ${PV_STATS_GOLDEN})
  get_filename_component(gname ${g} NAME_WE)
  add_test(NAME stats.golden.${gname}
    COMMAND pv_stats_golden ${PV_BIN} ${PV_STATS_DIR}/data ${PV_STATS_WORK}/${gname} ${g})
  set_tests_properties(stats.golden.${gname} PROPERTIES ENVIRONMENT "${PV_TEST_ENV}")
endforeach()

# Live comparison with the oracle over the whole shared corpus; skipped
# (exit 77) without python3.11 or ../shared.
add_test(NAME stats.differential
  COMMAND sh ${PV_STATS_DIR}/run_python_test.sh python3.11 corpus
          ${PV_STATS_DIR}/differential.py ${PV_BIN} @CORPUS@ @TOOLS@ ${PV_STATS_WORK}/differential)
set_tests_properties(stats.differential PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
  SKIP_RETURN_CODE 77 TIMEOUT 1200)

# pstat-view merge, then Python's own pstats reads the result.
add_test(NAME stats.merge_roundtrip
  COMMAND sh ${PV_STATS_DIR}/run_python_test.sh python3.11 -
          ${PV_STATS_DIR}/merge_roundtrip.py ${PV_BIN} ${PV_STATS_DIR}/data ${PV_STATS_WORK}/merge)
set_tests_properties(stats.merge_roundtrip PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
  SKIP_RETURN_CODE 77 TIMEOUT 600)

# --format json against docs/stats.schema.json, --format csv shape.
add_test(NAME stats.json_schema
  COMMAND sh ${PV_STATS_DIR}/run_python_test.sh python3 -
          ${PV_STATS_DIR}/check_formats.py ${PV_BIN} ${PV_SRC}/docs/stats.schema.json
          ${PV_STATS_DIR}/data ${PV_STATS_WORK}/formats)
set_tests_properties(stats.json_schema PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
  SKIP_RETURN_CODE 77 TIMEOUT 600)

# `pstat-view help` texts and exit statuses.
add_test(NAME stats.cli COMMAND sh ${PV_STATS_DIR}/cli_test.sh ${PV_BIN} ${PV_STATS_DIR}/data
  ${PV_STATS_WORK}/cli)
set_tests_properties(stats.cli PROPERTIES ENVIRONMENT "${PV_TEST_ENV}")

# The unit tests of query/report read this area's data.
foreach(t test_query test_report)
  if(TARGET ${t})
    target_compile_definitions(${t} PRIVATE PV_STATS_DATA="${PV_STATS_DIR}/data")
  endif()
endforeach()
