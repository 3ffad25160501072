# The library and the API's router compiled to WebAssembly: pv.wasm, the
# engine of the exported page (docs/wasm.md).  Included by
# src/CMakeLists.txt, which embeds the module as the asset /pv.wasm.
#
# The host compiler stays gcc; clang-14 compiles these files for
# wasm32-wasi itself, one object each (with its header dependencies), and
# links them as a WASI reactor.  What goes in: the layers the router
# needs, less what needs the system (see the lists below); src/wasm adds
# the entry (pv_wasm.c, the exports) and shims for what wasi-libc lacks.
#
# Sets PV_WASM, the path of the built module.

set(PV_WASM_PACKAGES "clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32")
find_program(PV_WASM_CC NAMES clang-14)
if(NOT PV_WASM_CC)
  message(FATAL_ERROR "pv.wasm (the exported page's engine) needs clang-14: "
    "apt-get install ${PV_WASM_PACKAGES} (scripts/setup installs them)")
endif()

set(PV_WASM_TARGET --target=wasm32-wasi)
set(PV_WASM_INCLUDE -I/usr/include/wasm32-wasi)
set(PV_WASM_LIBS -L/usr/lib/wasm32-wasi)

# Can clang-14 build and link a WASI reactor here?  (wasm-ld is lld-14's;
# without libclang-rt-14-dev-wasm32 it stops on libclang_rt.builtins.)
set(probe_dir ${PROJECT_BINARY_DIR}/wasm/probe)
file(MAKE_DIRECTORY ${probe_dir})
file(WRITE ${probe_dir}/probe.c
  "#include <stdlib.h>\n#include <string.h>\n"
  "__attribute__((export_name(\"f\"))) int f(int n);\n"
  "int f(int n) { char *p = malloc((size_t)n); if (!p) return -1; memset(p, 1, (size_t)n); int s = p[0]; free(p); return s; }\n")
execute_process(
  COMMAND ${PV_WASM_CC} ${PV_WASM_TARGET} ${PV_WASM_INCLUDE} ${PV_WASM_LIBS} -O2
          -mexec-model=reactor -o ${probe_dir}/probe.wasm ${probe_dir}/probe.c
  RESULT_VARIABLE probe_rc OUTPUT_VARIABLE probe_out ERROR_VARIABLE probe_out)
if(NOT probe_rc EQUAL 0)
  message(FATAL_ERROR "pv.wasm (the exported page's engine) cannot be built: "
    "${PV_WASM_CC} fails to link a wasm32-wasi module:\n${probe_out}\n"
    "apt-get install ${PV_WASM_PACKAGES} (scripts/setup installs them)")
endif()

set(S ${PROJECT_SOURCE_DIR}/src)
set(PV_WASM_SOURCES "")
# whole layers, less what does file I/O or needs PCRE2
foreach(layer base py model reader analysis wasm)
  file(GLOB files CONFIGURE_DEPENDS ${S}/${layer}/*.c)
  list(APPEND PV_WASM_SOURCES ${files})
endforeach()
list(REMOVE_ITEM PV_WASM_SOURCES
  ${S}/py/re.c         # PCRE2: src/wasm/re_none.c instead (no regex in the page)
  ${S}/reader/load.c)  # files (open, mmap): the page loads from memory
# output and server: what the router's answers use (not Graphviz, the
# embedded assets, the HTTP server)
list(APPEND PV_WASM_SOURCES
  ${S}/output/funcjson.c ${S}/output/report.c ${S}/output/report_sampled.c
  ${S}/output/diff_write.c
  ${S}/server/api.c ${S}/server/router.c ${S}/server/table.c
  ${S}/server/query_string.c)
list(SORT PV_WASM_SOURCES)

# The native build's definitions and warnings (not -Werror: clang warns
# where gcc does not, e.g. -Wfloat-conversion on `double ? a : b`).
set(PV_WASM_CFLAGS ${PV_WASM_TARGET} ${PV_WASM_INCLUDE} -O2 -std=c11
  -D_POSIX_C_SOURCE=200809L "-DPV_VERSION=\"${PROJECT_VERSION}\"" -ffp-contract=off
  -D_WASI_EMULATED_MMAN -include ${S}/wasm/shim/wasi.h -I${S}/wasm/shim
  -I${PROJECT_SOURCE_DIR}/include -I${S})
if(PV_WARNINGS)
  list(APPEND PV_WASM_CFLAGS -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wformat=2 -Wvla -Wdouble-promotion -Wconversion
    -Wno-sign-conversion -Wno-float-conversion)
endif()

set(PV_WASM_DIR ${PROJECT_BINARY_DIR}/wasm)
set(PV_WASM ${PV_WASM_DIR}/pv.wasm CACHE INTERNAL "pv.wasm, for the tests")
set(objs "")
foreach(src ${PV_WASM_SOURCES})
  file(RELATIVE_PATH rel ${S} ${src})
  string(REGEX REPLACE "\\.c$" ".o" obj ${rel})
  set(obj ${PV_WASM_DIR}/obj/${obj})
  get_filename_component(objdir ${obj} DIRECTORY)
  file(MAKE_DIRECTORY ${objdir})
  get_filename_component(layer ${src} DIRECTORY)
  add_custom_command(OUTPUT ${obj}
    COMMAND ${PV_WASM_CC} ${PV_WASM_CFLAGS} -I${layer} -MD -MF ${obj}.d -c ${src} -o ${obj}
    DEPENDS ${src}
    DEPFILE ${obj}.d
    COMMENT "wasm: ${rel}" VERBATIM)
  list(APPEND objs ${obj})
endforeach()

# A reactor: _initialize() then any export; only the export_name()
# functions and the memory are exported; a 1 MB stack (wasm-ld's default
# is 64 KB).
add_custom_command(OUTPUT ${PV_WASM}
  COMMAND ${PV_WASM_CC} ${PV_WASM_TARGET} ${PV_WASM_LIBS} -O2 -mexec-model=reactor
          -Wl,-z,stack-size=1048576 -Wl,--strip-all -o ${PV_WASM} ${objs}
  DEPENDS ${objs}
  COMMENT "Linking pv.wasm (the library and the API's router for the exported page)"
  VERBATIM)
add_custom_target(pv_wasm ALL DEPENDS ${PV_WASM})
