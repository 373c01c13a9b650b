import { runAuditBenchmark } from './auditBenchmark.js';
import { runBillBenchmark } from './billBenchmark.js';
import { runColdStartBenchmark } from './coldStartBenchmark.js';
import { runFaultedWeekBenchmark } from './faultedWeekBenchmark.js';
import { runFleetBenchmark } from './fleetBenchmark.js';
import { runMaintenanceBenchmark } from './maintenanceBenchmark.js';
import { runReadyByBenchmark } from './readyByBenchmark.js';
import { runScheduleEngineBenchmark } from './scheduleEngineBenchmark.js';
import { runSingleTargetBenchmark } from './singleTargetBenchmark.js';
import { runStatusPageBenchmark } from './statusPageBenchmark.js';
import { runTableStorageBenchmark } from './tableStorageBenchmark.js';
import { runTickBenchmark } from './tickBenchmark.js';

/** `npm run bench`: every figure the issues ask for, printed; none is a pass/fail test. */
process.stdout.write(`Node ${process.version}\n\n`);
process.stdout.write(`${runScheduleEngineBenchmark()}\n`);
process.stdout.write(`${await runTableStorageBenchmark()}\n`);
process.stdout.write(`${await runFleetBenchmark()}\n`);
process.stdout.write(`${await runFaultedWeekBenchmark()}\n`);
process.stdout.write(`${await runTickBenchmark()}\n`);
process.stdout.write(`${await runColdStartBenchmark()}\n`);
process.stdout.write(`${await runAuditBenchmark()}\n`);
process.stdout.write(`${await runStatusPageBenchmark()}\n`);
process.stdout.write(`${await runSingleTargetBenchmark()}\n`);
process.stdout.write(`${await runReadyByBenchmark()}\n`);
process.stdout.write(`${await runBillBenchmark()}\n`);
process.stdout.write(`${await runMaintenanceBenchmark()}\n`);
