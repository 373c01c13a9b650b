import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const DEMO = fileURLToPath(new URL('../../dist/dev/demo.js', import.meta.url));

it('npm run demo prints the same simulated day every time', async () => {
  const [first, second] = await Promise.all([run(process.execPath, [DEMO]), run(process.execPath, [DEMO])]);
  expect(first.stdout).toBe(second.stdout);
  const timeline = first.stdout.split('\n').filter((line) => /^\d\d:\d\d {2}/.test(line));
  expect(timeline).toEqual([
    '06:45  berlin-apps  start     begun: wanted state changed: starting 07:45 to be ready by 08:00 (Europe/Berlin): no completed start yet, so the default of 15 min',
    '13:45  ny-apps      start     begun: wanted state changed: starting 08:45 to be ready by 09:00 (America/New_York): no completed start yet, so the default of 15 min',
    '16:30  berlin-apps  override  keep running until 20:00 Berlin time, asked by alice@example.com ("release testing")',
    '19:00  berlin-apps  stop      begun: wanted state changed: the schedule says stopped',
    '22:00  ny-apps      stop      begun: wanted state changed: the schedule says stopped',
    '22:45  tokyo-apps   start     begun: wanted state changed: starting 07:45 to be ready by 08:00 (Asia/Tokyo): no completed start yet, so the default of 15 min',
  ]);
  expect(first.stdout).toContain('Closed in Tokyo on 2026-11-23: Labor Thanksgiving Day (JP).');
  // Money, from the stops that succeeded to the starts begun, on the 3 nodes seen before each stop,
  // at the Retail Prices fake's Linux pay-as-you-go prices.
  expect(first.stdout).toContain(
    'berlin-apps  saved USD 8.05 (list price): 35.0 node-hours of 3 × Standard_D4s_v5 in germanywestcentral',
  );
  expect(first.stdout).toContain(
    'tokyo-apps   saved USD 17.06 (list price): 68.3 node-hours of 3 × Standard_D4s_v5 in japaneast',
  );
  expect(first.stdout).toMatch(/^Money saved: USD 34\.14 \(list price\), at pay-as-you-go Linux prices/m);
  expect(first.stdout).toContain('Hours saved: 50.3 of 72 pool-hours (70%).');
}, 60_000);
