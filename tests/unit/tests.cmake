# Unit tests that need more than the library: test_parse_options.c tests the
# option parser of the command-line program (src/cli/parse_options.c),
# which it links on top of what every unit test gets.
target_sources(test_parse_options PRIVATE ${PV_SRC}/src/cli/parse_options.c)

# test_calltree builds trees from one prep on two threads at once.
target_link_libraries(test_calltree PRIVATE Threads::Threads)
