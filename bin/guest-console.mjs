#!/usr/bin/env node
// `npx guest-console …`: runs the prebuilt command line (dist/node/cli/, see vite.node.config.ts), built first
// when missing or older than its sources (a fresh clone, a pull); see electron/host/cli/guest-console-cli.ts.
// Exits with the code it returns.
import { pathToFileURL } from 'node:url';
import { buildNodeIfStale, NODE_BUILD } from '../scripts/build-node.mjs';

buildNodeIfStale();
const { main } = await import(pathToFileURL(NODE_BUILD.cli).href);
process.exit(await main(process.argv.slice(2)));
