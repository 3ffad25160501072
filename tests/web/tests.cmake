# The viewer's JavaScript under `node --test` (node is a test dependency
# only; skipped, 77, without it): web.core tests every DOM-free module of
# web/core/ (one *.test.mjs each, on the small graphs of fixture.mjs);
# web.bundle tests cmake/bundle.cmake, the build's module bundler.
# web.wasm: see below.
# The views are tested in Chromium: tests/browser (browser.viewer).
set(PV_WEB_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})
file(GLOB PV_WEB_TESTS CONFIGURE_DEPENDS ${PV_WEB_TEST_DIR}/*.test.mjs)
list(REMOVE_ITEM PV_WEB_TESTS ${PV_WEB_TEST_DIR}/bundle.test.mjs ${PV_WEB_TEST_DIR}/wasm.test.mjs)
list(SORT PV_WEB_TESTS)
add_test(NAME web.core COMMAND sh ${PV_WEB_TEST_DIR}/run.sh ${PV_WEB_TESTS})
set_tests_properties(web.core PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
  SKIP_RETURN_CODE 77 TIMEOUT 120)
add_test(NAME web.bundle COMMAND sh ${PV_WEB_TEST_DIR}/run.sh ${PV_WEB_TEST_DIR}/bundle.test.mjs)
set_tests_properties(web.bundle PROPERTIES ENVIRONMENT "${PV_TEST_ENV};PV_CMAKE=${CMAKE_COMMAND}"
  SKIP_RETURN_CODE 77 TIMEOUT 120)
# web.wasm: core/wasm.js running pv.wasm gives the native router's answers
# byte for byte (tests/wasm/api_get.c is the native side).
add_test(NAME web.wasm COMMAND sh ${PV_WEB_TEST_DIR}/run.sh ${PV_WEB_TEST_DIR}/wasm.test.mjs)
set_tests_properties(web.wasm PROPERTIES
  ENVIRONMENT "${PV_TEST_ENV};PV_WASM=${PV_WASM};PV_API_GET=$<TARGET_FILE:pv_api_get>"
  SKIP_RETURN_CODE 77 TIMEOUT 120)
