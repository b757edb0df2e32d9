#!/usr/bin/env node
// Entry point of the `lindblad` command: the compiled, bundled CLI (dist/bundle/cli.js, CommonJS, built by
// `npm run build`). A CommonJS entry: Node starts it without its ES-module loader (≈ 15–20 ms less per call).
'use strict';
require('../dist/bundle/cli.js').main(process.argv);
