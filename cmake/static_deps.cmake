# Static linking of the third-party libraries (DYTALLIX_STATIC_DEPS).
#
# A process that runs one contract call spends most of its start-up in the
# dynamic loader when it maps ~40 shared libraries (Abseil alone is ~30) and
# resolves every libstdc++ symbol through all of them; their pages are also
# most of its resident memory. Debian ships a static archive beside each
# shared library, so every imported target found so far whose location is
# `libX.so[.N...]` is pointed at `libX.a` when that exists. Sanitizer builds
# keep the shared libraries (their runtimes intercept libstdc++).

# dyt_static_archive(PATH OUT): OUT is the `.a` beside the shared library at
# PATH (`/dir/libX.so` or `/dir/libX.so.N...`), or empty.
function(dyt_static_archive path out)
  set(${out} "" PARENT_SCOPE)
  if(path MATCHES "^(/.*)\\.so(\\.[0-9.]+)?$")
    set(archive "${CMAKE_MATCH_1}.a")
    if(EXISTS "${archive}")
      set(${out} "${archive}" PARENT_SCOPE)
    endif()
  endif()
endfunction()

get_directory_property(dyt_imported IMPORTED_TARGETS)
foreach(target IN LISTS dyt_imported)
  foreach(property IMPORTED_LOCATION IMPORTED_LOCATION_NONE
                   IMPORTED_LOCATION_RELEASE IMPORTED_LOCATION_RELWITHDEBINFO)
    get_target_property(location ${target} ${property})
    dyt_static_archive("${location}" archive)
    if(archive)
      set_target_properties(${target} PROPERTIES ${property} "${archive}")
    endif()
  endforeach()
  # RocksDB names libbz2 by the path of its shared library.
  get_target_property(links ${target} INTERFACE_LINK_LIBRARIES)
  if(links)
    set(static_links "")
    foreach(link IN LISTS links)
      dyt_static_archive("${link}" archive)
      if(archive)
        set(link "${archive}")
      endif()
      list(APPEND static_links "${link}")
    endforeach()
    set_target_properties(${target} PROPERTIES
      INTERFACE_LINK_LIBRARIES "${static_links}")
  endif()
endforeach()

add_link_options($<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:-static-libstdc++>
                 $<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:-static-libgcc>)
