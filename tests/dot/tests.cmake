# `pstat-view dot` tests (tests/dot; the unit tests are tests/unit/test_dot.c).
#
#   dot.golden.NAME   one line of cases.gprof2dot.txt (gprof2dot's own output for
#                     corpus profiles, byte for byte), cases.compare.txt
#                     (gprof2dot --compare's, from make_compare_goldens.py)
#                     or cases.extra.txt (other
#                     encodings, merges, refusals, pstat-view's reviewed output)
#   dot.render.CASE   pictures through libgvc: PNG/SVG/PDF validity, SVG labels,
#                     rendering and output errors, the big-graph warning
#   dot.normcheck     the semantic comparator (dotnorm.py) tells real changes
#                     from reordering and renumbering
#
# The driver is dottest.py (python3, standard library only); the profiles
# and goldens are gzip'd copies in data/ and golden/ (import_goldens.py).
set(PV_DOT_DIR ${CMAKE_CURRENT_LIST_DIR})
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: the dot golden and render tests are not registered")
  return()
endif()

set(PV_DOT_CASES)
foreach(cases_file cases.gprof2dot.txt cases.compare.txt cases.extra.txt)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PV_DOT_DIR}/${cases_file})
  file(STRINGS ${PV_DOT_DIR}/${cases_file} lines REGEX "^[^#|][^|]*\\|")
  foreach(line ${lines})
    string(REGEX REPLACE "\\|.*" "" name "${line}")
    list(APPEND PV_DOT_CASES ${name})
  endforeach()
endforeach()

foreach(name ${PV_DOT_CASES})
  add_test(NAME dot.golden.${name}
    COMMAND ${Python3_EXECUTABLE} ${PV_DOT_DIR}/dottest.py golden ${PV_BIN} ${name})
  set_tests_properties(dot.golden.${name} PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
    TIMEOUT 300)
endforeach()

add_test(NAME dot.normcheck COMMAND ${Python3_EXECUTABLE} ${PV_DOT_DIR}/dottest.py normcheck)
set_tests_properties(dot.normcheck PROPERTIES ENVIRONMENT "${PV_TEST_ENV}")

foreach(case png png_stdout svg svg_stdout_T pdf unknown_format unwritable no_plugins
    terminal big_graph_warning compare_svg diff_svg)
  add_test(NAME dot.render.${case}
    COMMAND ${Python3_EXECUTABLE} ${PV_DOT_DIR}/dottest.py render ${PV_BIN} ${case})
  set_tests_properties(dot.render.${case} PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
    SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
