#!/usr/bin/env node
'use strict';
// The `tributary` command. Runs the TypeScript sources directly through tsx, so a fresh
// clone needs no build step; `npm run build` is only for packaging the functions.
require('tsx/cjs');
require('../cli/main.ts');
