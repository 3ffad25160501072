# The call tree's contract on every real profile of the corpus
# (docs/calltree.md): conservation.py reads the profile's numbers and the
# tree from pstat-view's own JSON and collapsed exports.  The CUnit test
# tests/unit/test_calltree.c checks the tree itself.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME calltree.conservation
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/conservation.py
            ${PV_BIN} ${PV_SRC}/tests/data/corpus --floor 96.7
            --known ${CMAKE_CURRENT_LIST_DIR}/known_failures.txt)
  set_tests_properties(calltree.conservation PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
    TIMEOUT 300)
endif()
