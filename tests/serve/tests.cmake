# pstat-view serve: the HTTP server in-process over loopback (test_http.c,
# with the raw client in http_client.c that test_abuse.c shares),
# the command line (cli.sh: --port 0, taken port, Ctrl-C, --export), and
# the viewer in headless Chromium (tests/browser, skipped when chromium or
# playwright-core is missing: scripts/setup installs both).
# serve.http (test_http.c) and serve.abuse (test_abuse.c: hostile and
# broken clients: traversal in every encoding, absolute-form targets, bad
# Host, oversized and malformed requests, odd methods, slow and a thousand
# idle clients; about 15 s) and serve.token (test_token.c: the access
# token of a server on 0.0.0.0: 403 without it, the redirect and cookie,
# the Authorization header, loopback unchanged), all on the raw client of
# http_client.c.
foreach(t http abuse token)
  add_executable(test_${t} ${CMAKE_CURRENT_LIST_DIR}/test_${t}.c
    ${CMAKE_CURRENT_LIST_DIR}/http_client.c)
  target_include_directories(test_${t} PRIVATE ${PV_SRC}/tests/unit ${PV_SRC}/src)
  target_link_libraries(test_${t} PRIVATE pv_harness)
  add_test(NAME serve.${t} COMMAND test_${t})
  set_tests_properties(serve.${t} PROPERTIES ENVIRONMENT "${PV_TEST_ENV}" TIMEOUT 120)
endforeach()

add_test(NAME serve.cli COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli.sh ${PV_BIN}
  ${CMAKE_CURRENT_LIST_DIR}/data)
set_tests_properties(serve.cli PROPERTIES ENVIRONMENT "${PV_TEST_ENV}" TIMEOUT 120)

add_test(NAME browser.viewer COMMAND node ${PV_SRC}/tests/browser/run.js ${PV_BIN}
  ${CMAKE_CURRENT_LIST_DIR}/data)
set_tests_properties(browser.viewer PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
  SKIP_RETURN_CODE 77 TIMEOUT 600)

# The load test (bench/serve_load.sh) for 5 s: wrk against the page, the
# assets and every API endpoint; no errors, flat memory, normal answers
# afterwards.  The 60 s run is by hand (bench/README.md).  Skipped (77)
# without wrk or curl.
add_test(NAME serve.load COMMAND bash ${PV_SRC}/bench/serve_load.sh ${PV_BIN}
  ${CMAKE_CURRENT_LIST_DIR}/data/py311_ut_json.pstats)
set_tests_properties(serve.load PROPERTIES ENVIRONMENT "${PV_TEST_ENV};PV_LOAD_SECONDS=5"
  SKIP_RETURN_CODE 77 TIMEOUT 120 RUN_SERIAL TRUE)
