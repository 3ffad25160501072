# The call tree's contract on every real profile of the corpus and the
# bundled pydoc -k profile (docs/calltree.md): conservation.py reads the profile's numbers and the
# tree from pstat-view's own JSON and collapsed exports.  The CUnit test
# tests/unit/test_calltree.c checks the tree itself.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME calltree.conservation
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/conservation.py
            ${PV_BIN} ${PV_SRC}/tests/data/corpus ${PV_SRC}/samples/pydoc_k.pstats --floor 99.7
            --known ${CMAKE_CURRENT_LIST_DIR}/known_failures.txt)
  set_tests_properties(calltree.conservation PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
    TIMEOUT 300)
  # The same profiles with their edge times cut to call counts (as the
  # profile module writes them): the tree estimates each edge from the
  # functions' own numbers.  95.9% hold (64.9% with count shares alone).
  add_test(NAME calltree.conservation_counts_only
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/conservation.py
            ${PV_BIN} ${PV_SRC}/tests/data/corpus ${PV_SRC}/samples/pydoc_k.pstats --floor 95.5
            --counts-only ${CMAKE_BINARY_DIR}/calltree_counts_only)
  set_tests_properties(calltree.conservation_counts_only PROPERTIES
    ENVIRONMENT "${PV_TEST_ENV}" TIMEOUT 300)
endif()
