// The command line's exit codes, apart from the commands themselves so that `--help` loads nothing else.
export const EXIT = { passed: 0, failed: 1, usage: 2 } as const;
