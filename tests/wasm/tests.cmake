# The native side of the WebAssembly comparison: api_get answers requests
# with the host build of the router (pv_api_get) for tests/web/wasm.test.mjs
# (ctest web.wasm), which asks pv.wasm the same.
add_executable(pv_api_get ${CMAKE_CURRENT_LIST_DIR}/api_get.c)
target_link_libraries(pv_api_get PRIVATE pvcore)
