# cmake -DENTRY=web/main.js -DOUT=app.js -P bundle.cmake
#
# Bundles the ES module ENTRY and every module it imports (relative paths
# only) into one classic script: the modules in dependency order (as a
# browser evaluates them), each inside its own function scope, all inside
# one strict-mode function.  Only rewrites OUT when the content changed.
# No node, no parser: the modules keep this convention, and anything else
# at the start of a line beginning with `import` or `export` is an error.
#
#   import { a, b as c } from './x.js';      ->  const { a, b: c } = <x>;
#   import * as ns from '../core/y.js';      ->  const ns = <y>;
#   export function f(...) / export async function f(...)
#   export const NAME = ...;                 (one name per statement)
#
# each at the start of a line, an import on one line.  A module becomes
#
#   const <x> = (function () { ...its text... return { its exports }; })();
#
# where <x> is __pv_ and its path below ROOT (default: ENTRY's folder) ("core/tree.js" ->
# __pv_core_tree_js).  Import cycles and names a module does not export
# are build errors, and so is any text of FORBID (a list; by default "</"
# and "<!--", which would end or confuse an inline <script>, and "]]>",
# which would end an SVG's CDATA section).
cmake_minimum_required(VERSION 3.20)
if(NOT DEFINED FORBID)
  set(FORBID "</" "<!--" "]]>")
endif()
if(NOT DEFINED ROOT)
  get_filename_component(ROOT "${ENTRY}" DIRECTORY)
endif()
get_filename_component(ROOT "${ROOT}" ABSOLUTE)
set_property(GLOBAL PROPERTY PV_BUNDLE "")
set(ident "[A-Za-z_$][A-Za-z0-9_$]*")

function(pv_module_var file out)
  file(RELATIVE_PATH rel "${ROOT}" "${file}")
  string(MAKE_C_IDENTIFIER "${rel}" id)
  set(${out} "__pv_${id}" PARENT_SCOPE)
endfunction()

function(pv_visit file)
  get_property(state GLOBAL PROPERTY "PV_STATE_${file}")
  if(state STREQUAL "done")
    return()
  elseif(state STREQUAL "visiting")
    message(FATAL_ERROR "bundle: import cycle through ${file}")
  endif()
  set_property(GLOBAL PROPERTY "PV_STATE_${file}" visiting)
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "bundle: no module ${file}")
  endif()
  file(READ "${file}" text)
  set(text "\n${text}")
  get_filename_component(dir "${file}" DIRECTORY)

  # imports: each replaced by a constant taken from the module's object
  string(REGEX MATCHALL "\nimport[^\n;]*" imports "${text}")
  foreach(line IN LISTS imports)
    if(line MATCHES "^\nimport \\{([^}]*)\\} from '(\\.[^']*)'$")
      set(names "${CMAKE_MATCH_1}")
      set(path "${CMAKE_MATCH_2}")
      set(ns "")
    elseif(line MATCHES "^\nimport \\* as (${ident}) from '(\\.[^']*)'$")
      set(names "")
      set(ns "${CMAKE_MATCH_1}")
      set(path "${CMAKE_MATCH_2}")
    else()
      string(STRIP "${line}" line)
      message(FATAL_ERROR "bundle: ${file}: an import of no known form: ${line}")
    endif()
    get_filename_component(dep "${dir}/${path}" ABSOLUTE)
    pv_visit("${dep}")
    pv_module_var("${dep}" var)
    get_property(exports GLOBAL PROPERTY "PV_EXPORTS_${dep}")
    if(ns)
      set(repl "\nconst ${ns} = ${var}")
    else()
      # every imported name must be exported; "a as b" becomes "a: b"
      string(REPLACE "," ";" items "${names}")
      set(fields "")
      foreach(item IN LISTS items)
        string(STRIP "${item}" item)
        if(item STREQUAL "")
          continue()
        endif()
        if(item MATCHES "^(${ident})( +as +(${ident}))?$")
          set(name "${CMAKE_MATCH_1}")
          if(CMAKE_MATCH_3)
            set(item "${name}: ${CMAKE_MATCH_3}")
          endif()
        else()
          message(FATAL_ERROR "bundle: ${file}: cannot read the import '${item}'")
        endif()
        if(NOT name IN_LIST exports)
          message(FATAL_ERROR "bundle: ${file} imports ${name}, which ${path} does not export")
        endif()
        list(APPEND fields "${item}")
      endforeach()
      list(JOIN fields ", " fields)
      set(repl "\nconst { ${fields} } = ${var}")
    endif()
    string(REPLACE "${line}" "${repl}" text "${text}")
  endforeach()

  # exports: the keyword goes, the name joins the module's object
  string(REGEX MATCHALL "\nexport[^\n;]*" all "${text}")
  set(exports "")
  foreach(line IN LISTS all)
    if(line MATCHES "^\nexport (async )?function\\*? *(${ident}) *\\(")
      list(APPEND exports "${CMAKE_MATCH_2}")
    elseif(line MATCHES "^\nexport const (${ident}) *=")
      list(APPEND exports "${CMAKE_MATCH_1}")
    else()
      string(STRIP "${line}" line)
      message(FATAL_ERROR "bundle: ${file}: an export of no known form: ${line}")
    endif()
  endforeach()
  string(REGEX REPLACE "\nexport (async function|function|const) " "\n\\1 " text "${text}")
  set_property(GLOBAL PROPERTY "PV_EXPORTS_${file}" "${exports}")

  pv_module_var("${file}" var)
  file(RELATIVE_PATH rel "${ROOT}" "${file}")
  list(JOIN exports ", " names)
  get_property(bundle GLOBAL PROPERTY PV_BUNDLE)
  string(APPEND bundle "\n/* ======== ${rel} */\nconst ${var} = (function () {${text}\nreturn { ${names} };\n})();\n")
  set_property(GLOBAL PROPERTY PV_BUNDLE "${bundle}")
  set_property(GLOBAL PROPERTY "PV_STATE_${file}" done)
endfunction()

get_filename_component(entry "${ENTRY}" ABSOLUTE)
pv_visit("${entry}")
get_property(bundle GLOBAL PROPERTY PV_BUNDLE)
file(RELATIVE_PATH rel "${ROOT}" "${entry}")
set(out "/* generated by cmake/bundle.cmake from ${rel} and its imports: do not edit */\n(function () {\n'use strict';\n${bundle}})();\n")
foreach(bad IN LISTS FORBID)
  string(FIND "${out}" "${bad}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "bundle: the bundle of ${ENTRY} contains '${bad}', which it must not")
  endif()
endforeach()
file(WRITE "${OUT}.tmp" "${out}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
