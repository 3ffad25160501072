# pstat-view flame (issue 7): the SVG is well-formed and self-contained,
# opens in headless Chromium with labels and click-to-zoom (browser.js;
# skipped without chromium or playwright-core), and the CLI's exit
# statuses.  The call tree itself: tests/unit/test_calltree.c.
set(PV_FLAME_DIR ${CMAKE_CURRENT_LIST_DIR})
set(PV_FLAME_WORK ${CMAKE_CURRENT_BINARY_DIR}/flame-work)
add_test(NAME flame.svg
  COMMAND sh ${PV_FLAME_DIR}/check_svg.sh ${PV_BIN} ${PV_FLAME_DIR}/data ${PV_FLAME_WORK}/svg)
set_tests_properties(flame.svg PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
  SKIP_RETURN_CODE 77 TIMEOUT 300)
add_test(NAME flame.browser
  COMMAND sh -c "command -v node >/dev/null || { echo 'skip: node is not installed'; exit 77; }; mkdir -p \"$(dirname \"$3\")\" && \"$1\" flame \"$2\" -o \"$3\" && node \"$4\" \"$3\""
          sh ${PV_BIN} ${PV_FLAME_DIR}/data/py311_jsontool.pstats ${PV_FLAME_WORK}/browser.svg
          ${PV_FLAME_DIR}/browser.js)
set_tests_properties(flame.browser PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
  SKIP_RETURN_CODE 77 TIMEOUT 300)
add_test(NAME flame.cli
  COMMAND sh ${PV_SRC}/tests/export/cli.sh ${PV_BIN} flame ${PV_FLAME_DIR}/data)
set_tests_properties(flame.cli PROPERTIES ENVIRONMENT "${PV_TEST_ENV}")
