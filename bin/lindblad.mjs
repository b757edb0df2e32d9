#!/usr/bin/env node
// Entry point of the `lindblad` command: the compiled, bundled CLI (dist/bundle/cli.js, built by `npm run build`).
import { main } from '../dist/bundle/cli.js';
await main(process.argv);
