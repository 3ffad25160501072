# Fuzzing: the same target runs under libFuzzer (tests/fuzz/run, clang) and,
# in every test run, over the regression files and the test corpus.
add_executable(fuzz_replay ${CMAKE_CURRENT_LIST_DIR}/fuzz_target.c ${CMAKE_CURRENT_LIST_DIR}/replay.c)
target_link_libraries(fuzz_replay PRIVATE pvcore)
file(GLOB_RECURSE PV_FUZZ_INPUTS CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_LIST_DIR}/regressions/*
  ${PROJECT_SOURCE_DIR}/tests/data/*.pstats)
list(SORT PV_FUZZ_INPUTS)
add_test(NAME fuzz.replay COMMAND fuzz_replay ${PV_FUZZ_INPUTS})
set_tests_properties(fuzz.replay PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
  PASS_REGULAR_EXPRESSION "replayed [1-9][0-9]* inputs")
if(PV_FUZZ)
  add_executable(pv_fuzz ${CMAKE_CURRENT_LIST_DIR}/fuzz_target.c)
  target_compile_definitions(pv_fuzz PRIVATE PV_LIBFUZZER)
  target_compile_options(pv_fuzz PRIVATE -fsanitize=fuzzer)
  target_link_options(pv_fuzz PRIVATE -fsanitize=fuzzer)
  target_link_libraries(pv_fuzz PRIVATE pvcore)
endif()
