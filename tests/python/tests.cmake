# The Python package (pyproject.toml, setup.py, python/pstat_view): run.sh
# builds this source tree with `pip install --no-index --no-build-isolation`
# into a fresh venv (pip compiles its own pstat-view with CMake, -j2) and
# tests the console script, pstat_view.view(), the IPython magics in a
# notebook run headless, and the pytest plugin.  Skipped (77) without
# Debian's python3-venv, -pytest, -ipykernel, -nbclient, -nbformat
# (scripts/setup --test installs them).  It builds and tests its own binary,
# not this tree's, so a sanitizer tree does not run it again.
if(NOT PV_SANITIZE)
  add_test(NAME python.package COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh ${PV_SRC})
  set_tests_properties(python.package PROPERTIES ENVIRONMENT "${PV_TEST_ENV}"
    SKIP_RETURN_CODE 77 TIMEOUT 600 PROCESSORS 2)
endif()
