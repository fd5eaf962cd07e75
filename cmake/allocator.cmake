# The allocator our programs link (DYTALLIX_MALLOC).
#
# A block's transactions allocate and free many small objects (journals,
# write batches, storage keys and values) across threads, and free most of
# them together when the block ends. glibc's malloc spent a third of a
# 10,000-transfer block's time there (consolidating free lists, unlinking
# chunks, contending for arenas); jemalloc's per-thread caches and size
# classes made the same blocks about 1.3x faster (README, "For node
# developers"). Only executables link it: a program embedding the library
# keeps its own allocator, and so does a program whose target sets the
# property DYTALLIX_SYSTEM_MALLOC (the `dytallix` CLI, which runs no blocks:
# jemalloc's start-up cost it 1.4-2.3 MiB of its peak RSS).
find_library(DYTALLIX_JEMALLOC_ARCHIVE NAMES libjemalloc.a)
if(DYTALLIX_STATIC_DEPS AND DYTALLIX_JEMALLOC_ARCHIVE)
  set(dyt_default_malloc jemalloc)
else()
  set(dyt_default_malloc system)
endif()
set(DYTALLIX_MALLOC "${dyt_default_malloc}" CACHE STRING
    "The allocator programs link: jemalloc (its static archive) or system")
set_property(CACHE DYTALLIX_MALLOC PROPERTY STRINGS jemalloc system)

if(DYTALLIX_MALLOC STREQUAL "jemalloc")
  if(NOT DYTALLIX_JEMALLOC_ARCHIVE)
    message(FATAL_ERROR "DYTALLIX_MALLOC=jemalloc needs libjemalloc.a (libjemalloc-dev)")
  endif()
  # Linked as a library (after the objects) so that its malloc and free are
  # the ones every reference resolves to, libstdc++'s operator new included.
  link_libraries(
    "$<$<AND:$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>,$<NOT:$<BOOL:$<TARGET_PROPERTY:DYTALLIX_SYSTEM_MALLOC>>>>:${DYTALLIX_JEMALLOC_ARCHIVE}>")
elseif(NOT DYTALLIX_MALLOC STREQUAL "system")
  message(FATAL_ERROR "DYTALLIX_MALLOC must be jemalloc or system, not ${DYTALLIX_MALLOC}")
endif()
