/*
 * commands.h - the subcommands.  Each lives in its own cmd_NAME.c and
 * exports its entry point and its usage text; main.c's table lists them.
 */
#ifndef PV_COMMANDS_H
#define PV_COMMANDS_H

int cmd_stats(int argc, char **argv);
extern const char cmd_stats_usage[];
int cmd_merge(int argc, char **argv);
extern const char cmd_merge_usage[];
int cmd_shell(int argc, char **argv);
extern const char cmd_shell_usage[];
int cmd_serve(int argc, char **argv);
extern const char cmd_serve_usage[];
int cmd_dot(int argc, char **argv);
extern const char cmd_dot_usage[];
int cmd_diff(int argc, char **argv);
extern const char cmd_diff_usage[];
int cmd_flame(int argc, char **argv);
extern const char cmd_flame_usage[];
int cmd_export(int argc, char **argv);
extern const char cmd_export_usage[];

#endif
