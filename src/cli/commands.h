/*
 * commands.h - the subcommands.  Each lives in its own cmd_NAME.c and
 * exports one cli_command (its options table, usage and entry points);
 * main.c's table lists them.
 */
#ifndef PV_COMMANDS_H
#define PV_COMMANDS_H

#include "cli.h"

extern const cli_command cmd_stats, cmd_merge, cmd_shell, cmd_serve, cmd_dot, cmd_diff,
	cmd_flame, cmd_export;

#endif
