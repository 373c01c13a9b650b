import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { SavingsReport } from '../../shared/app/savings/SavingsReport.js';

const START = fileURLToPath(new URL('../../dist/dev/start.js', import.meta.url));
const TIMEOUT_MS = 240_000;

it(
  'npm start shows savings on the demo fleet, priced by the local Retail Prices fake',
  async () => {
    let stdout = '';
    const child = spawn(process.execPath, [START], {
      cwd: await mkdtemp(join(tmpdir(), 'offhours-start-')),
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        OFFHOURS_TICK: '*/2 * * * * *',
        OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0',
        PORT: '0',
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      // At any hour one of the demo targets is due to stop; wait until Azure (the fake) says it stopped.
      const deadline = Date.now() + TIMEOUT_MS - 30_000;
      while (!/: stop succeeded/.test(stdout)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no stop succeeded:\n${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(stdout).toMatch(/fake Retail Prices API \(made-up prices\) on http:\/\/127\.0\.0\.1:\d+/);
      const api = /API: (http:\/\/localhost:\d+\/api)/.exec(stdout)?.[1] ?? '';
      expect(stdout).toContain(`curl ${api}/savings`);
      // Asked again until the stop has lasted long enough to show in node-hours (two decimals).
      let report: SavingsReport;
      let stopped: SavingsReport['targets'];
      do {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const response = await fetch(`${api}/savings`);
        expect(response.status).toBe(200);
        report = (await response.json()) as SavingsReport;
        stopped = report.targets.filter((target) => target.stopped.length > 0);
      } while (Date.now() < deadline && !stopped.every((target) => target.saved.nodeHours > 0));
      expect(stopped.length).toBeGreaterThan(0);
      for (const target of stopped) {
        expect(target.footprint).toMatchObject({ location: 'japaneast', observed: 'before-stop' });
        expect(target.saved.nodeHours).toBeGreaterThan(0);
        expect(target.stopped.at(-1)).toMatchObject({ ongoing: true, nodes: target.footprint?.description });
        expect(target.saved.unpriced).toEqual([]);
        expect(target.stillBilled.items.length).toBeGreaterThan(0);
      }
      // The targets not stopped yet are priced for the forecast on their profile now.
      for (const target of report.targets.filter((candidate) => candidate.stopped.length === 0))
        expect(target.footprint?.observed).toBe('now');
      // Priced from the fake (Linux pay-as-you-go, USD): the scale set's D2s v3 or the pools' D4s v5.
      expect(report.prices.length).toBeGreaterThan(0);
      for (const price of report.prices)
        expect(['Standard_D2s_v3 japaneast 0.125 USD', 'Standard_D4s_v5 japaneast 0.25 USD']).toContain(
          `${price.priced} ${price.location} ${price.hourly} ${price.currency}`,
        );
    } finally {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
      expect(await exited).toBe(0);
    }
  },
  TIMEOUT_MS,
);
