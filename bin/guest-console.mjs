#!/usr/bin/env node
// `npx guest-console …`: the command line is TypeScript, run through tsx (a dependency) without a build.
// See electron/host/cli/guest-console-cli.ts; exits with the code it returns.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/host/cli/guest-console-cli.ts');
process.exit(await main(process.argv.slice(2)));
