# The layer map (ARCHITECTURE.md) against the build: upward calls and
# includes, circles between files and folders.
find_package(Python3 COMPONENTS Interpreter)
add_test(NAME arch.layers
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check_arch.py
          ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
set_tests_properties(arch.layers PROPERTIES ENVIRONMENT "${PV_TEST_ENV}")
