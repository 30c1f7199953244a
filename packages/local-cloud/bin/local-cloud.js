#!/usr/bin/env node
require('../lib/cli').main(process.argv.slice(2));
