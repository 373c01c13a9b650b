import { runCli } from '../cli/runCli.js';

/**
 * `npm start` for now: the Function app's local runner (Azurite, the fake Azure Resource Manager
 * and the demo fleet) is not built yet, so this shows the schedule engine on the demo schedule.
 */
const DEMO_SCHEDULE = 'Mon-Fri 08:00-20:00 Asia/Tokyo';

process.stdout.write(
  [
    'AKS Off-Hours: the local Function app runner is not built yet (see the README).',
    `Meanwhile, here is the demo schedule "${DEMO_SCHEDULE}" with Japanese public holidays for the next 7 days:`,
    '',
    '',
  ].join('\n'),
);
process.exitCode = await runCli(['preview', DEMO_SCHEDULE, '--holidays', 'JP'], {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.stdout.write('\nTry your own: npx aks-offhours preview "Mon-Fri 07:30-19:00 Europe/Berlin" --holidays DE-BY\n');
