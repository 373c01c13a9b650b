#!/usr/bin/env node
import { SETTING_NAMES } from '../shared/config.js';
import { runCli } from './runCli.js';

const environment = Object.fromEntries(
  SETTING_NAMES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
);
process.exitCode = await runCli(
  process.argv.slice(2),
  { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  environment,
);
