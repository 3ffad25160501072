/*
 * commands.h - the subcommands.  Each lives in its own cmd_NAME.c and
 * exports its entry point and its usage text; main.c's table lists them.
 */
#ifndef PV_COMMANDS_H
#define PV_COMMANDS_H

int cmd_stats(int argc, char **argv);
extern const char cmd_stats_usage[];

#endif
