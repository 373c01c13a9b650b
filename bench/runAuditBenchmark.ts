import { runAuditBenchmark } from './auditBenchmark.js';

/** `node dist/bench/runAuditBenchmark.js`: the audit figures alone (npm run bench prints them with the rest). */
process.stdout.write(`Node ${process.version}\n\n${await runAuditBenchmark()}\n`);
