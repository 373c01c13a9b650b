import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { parseResourceId } from '../shared/domain/ResourceId.js';
import { VirtualTime } from './VirtualTime.js';
import { registerFleet, startFleetApp } from './fleetApp.js';

const FIRST_SIGHT = Date.parse('2026-11-26T19:00:00Z');
const TICK_MS = 5 * 60_000;
const STEADY_TICKS = 5;
const mib = (kib: number) => `${Math.round(kib / 1024)} MiB`;

interface FakeReady {
  url: string;
  ca: string;
  pools: string[];
}

async function nextMessage<T>(child: ChildProcess): Promise<T> {
  const [message] = (await once(child, 'message')) as [T];
  return message;
}

async function usageOf(child: ChildProcess): Promise<{ rssKiB: number; cpuMs: number }> {
  child.send('usage');
  return nextMessage(child);
}

/**
 * Issue 17's tick goal: a steady reconcile tick (nothing to change) at `size` targets, with the fake
 * ARM in a child process (`bench/fakeArmProcess.ts`), so the figures are the app process's own: the
 * wall time of each tick, and this process's peak RSS (setup included: the in-memory tables hold
 * every row, which Table Storage holds on Azure). The fake's peak RSS is printed apart.
 */
export async function steadyTickFigures(size: number): Promise<string[]> {
  const child = fork(fileURLToPath(new URL('./fakeArmProcess.js', import.meta.url)), [String(size)], {
    execArgv: [],
  });
  try {
    const fake = await nextMessage<FakeReady>(child);
    const time = new VirtualTime(FIRST_SIGHT);
    const { storage, power, reconciler } = startFleetApp(time, fake);
    // Where a tick's time goes: observing (Resource Graph pages, the fake's answers included) and collecting garbage.
    let observeMs = 0;
    const observe = power.observe.bind(power);
    power.observe = async (...args) => {
      const started = performance.now();
      try {
        return await observe(...args);
      } finally {
        observeMs += performance.now() - started;
      }
    };
    let gcMs = 0;
    const gc = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcMs += entry.duration;
    });
    await registerFleet(
      storage,
      fake.pools.map((id) => {
        const parsed = parseResourceId(id);
        if (!parsed.ok) throw new Error(`the fake seeded an unreadable pool id ${id}`);
        return parsed.resourceId;
      }),
    );
    // The first ticks see every target for the first time and write its state.
    for (let tick = 0; tick < 2; tick++) {
      time.now = FIRST_SIGHT + tick * TICK_MS;
      await reconciler.tick();
    }
    const fakeBefore = await usageOf(child);
    const rssBeforeKiB = process.resourceUsage().maxRSS;
    observeMs = 0;
    gc.observe({ entryTypes: ['gc'] });
    const tickMs: number[] = [];
    const written: number[] = [];
    for (let tick = 0; tick < STEADY_TICKS; tick++) {
      time.now = FIRST_SIGHT + (tick + 2) * TICK_MS;
      const started = performance.now();
      const result = await reconciler.tick();
      tickMs.push(performance.now() - started);
      written.push(result.statesWritten);
      if (result.enqueued.length > 0)
        throw new Error(`a steady tick enqueued ${result.enqueued.length} changes`);
    }
    const rssKiB = process.resourceUsage().maxRSS;
    await new Promise((resolve) => setImmediate(resolve));
    gc.disconnect();
    const fakeAfter = await usageOf(child);
    const sorted = [...tickMs].sort((a, b) => a - b);
    return [
      `Steady tick at ${size.toLocaleString('en')} targets (fake ARM in its own process; ${power.graphPages} Resource Graph pages over ${STEADY_TICKS + 2} ticks):`,
      `  tick wall time: median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, each ${tickMs.map((ms) => Math.round(ms)).join(', ')} ms; State rows written ${written.join(', ')}`,
      `  per tick on average: observing the fleet ${Math.round(observeMs / STEADY_TICKS)} ms (Resource Graph pages over HTTPS, waiting for the fake's answers included), garbage collection ${Math.round(gcMs / STEADY_TICKS)} ms; the fake ARM's CPU time ${Math.round((fakeAfter.cpuMs - fakeBefore.cpuMs) / STEADY_TICKS)} ms`,
      `  peak RSS of the app process ${mib(rssKiB)} (${mib(rssBeforeKiB)} before the steady ticks: setup and the first ticks); the fake ARM's process ${mib(fakeAfter.rssKiB)}`,
    ];
  } finally {
    child.send('stop');
    await once(child, 'exit');
  }
}
