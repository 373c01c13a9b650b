import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { startFleetApp } from './fleetApp.js';
import type { ProcessUsage } from './processUsage.js';
import { RemoteRowTable } from './RemoteRowTable.js';
import { VirtualTime } from './VirtualTime.js';

const FIRST_SIGHT = Date.parse('2026-11-26T19:00:00Z');
const TICK_MS = 5 * 60_000;
const STEADY_TICKS = 9;
const mib = (kib: number) => `${Math.round(kib / 1024)} MiB`;

interface FakeArmReady {
  url: string;
  ca: string;
  pools: string[];
}

async function nextMessage<T>(child: ChildProcess): Promise<T> {
  const [message] = (await once(child, 'message')) as [T];
  return message;
}

async function usageOf(child: ChildProcess): Promise<ProcessUsage> {
  child.send('usage');
  return nextMessage(child);
}

/**
 * The app process of the steady-tick benchmark (`bench/steadyTickBenchmark.ts` forks it with the heap
 * option to measure): the real reconciler with the real SDK clients, the fake ARM and the tables each
 * in a process of their own (`bench/fakeArmProcess.ts`, `bench/fakeTableProcess.ts`), as on Azure
 * where ARM and Table Storage are elsewhere. Two ticks see the fleet first and write every State row;
 * then `STEADY_TICKS` steady ticks (nothing to change) are timed. It sends its report lines to its parent.
 */
async function steadyTicks(size: number, heapLabel: string): Promise<string[]> {
  const arm = forkHelper('fakeArmProcess.js', [String(size)]);
  const tables = forkHelper('fakeTableProcess.js', []);
  try {
    const fake = await nextMessage<FakeArmReady>(arm);
    tables.send({ pools: fake.pools });
    await nextMessage(tables);
    const time = new VirtualTime(FIRST_SIGHT);
    const { power, reconciler } = startFleetApp(time, fake, (name) => new RemoteRowTable(name, tables));
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
    // The first ticks see every target for the first time and write its state.
    for (let tick = 0; tick < 2; tick++) {
      time.now = FIRST_SIGHT + tick * TICK_MS;
      await reconciler.tick();
    }
    const fakeBefore = await usageOf(arm);
    const tablesBefore = await usageOf(tables);
    const cpuBefore = process.cpuUsage();
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
    const cpu = process.cpuUsage(cpuBefore);
    await new Promise((resolve) => setImmediate(resolve));
    gc.disconnect();
    const fakeAfter = await usageOf(arm);
    const tablesAfter = await usageOf(tables);
    const heap = process.memoryUsage();
    const sorted = [...tickMs].sort((a, b) => a - b);
    return [
      `Steady tick at ${size.toLocaleString('en')} targets, ${heapLabel} (Node ${process.version}, heap limit ${mib(getHeapStatistics().heap_size_limit / 1024)}; ${power.graphPages} Resource Graph pages over ${STEADY_TICKS + 2} ticks):`,
      `  tick wall time: median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, each ${tickMs.map((ms) => Math.round(ms)).join(', ')} ms; State rows written ${written.join(', ')}`,
      `  per tick on average: the app process's CPU time ${Math.round((cpu.user + cpu.system) / 1000 / STEADY_TICKS)} ms, of which garbage collection ${Math.round(gcMs / STEADY_TICKS)} ms; observing the fleet ${Math.round(observeMs / STEADY_TICKS)} ms of wall time (Resource Graph pages over HTTPS, waiting for the fake's answers included); CPU time of the fake ARM ${Math.round((fakeAfter.cpuMs - fakeBefore.cpuMs) / STEADY_TICKS)} ms and of the tables ${Math.round((tablesAfter.cpuMs - tablesBefore.cpuMs) / STEADY_TICKS)} ms`,
      `  peak RSS of the app process ${mib(rssKiB)} (${mib(rssBeforeKiB)} before the steady ticks: start and the first ticks); after the last tick: heap used ${mib(heap.heapUsed / 1024)} of ${mib(heap.heapTotal / 1024)}, outside the heap (buffers) ${mib(heap.external / 1024)}, RSS ${mib(heap.rss / 1024)}; the fake ARM's process ${mib(fakeAfter.rssKiB)}, the tables' ${mib(tablesAfter.rssKiB)}`,
    ];
  } finally {
    for (const helper of [arm, tables]) {
      helper.send('stop');
      await once(helper, 'exit');
    }
  }
}

function forkHelper(file: string, args: string[]): ChildProcess {
  return fork(fileURLToPath(new URL(`./${file}`, import.meta.url)), args, {
    execArgv: [],
    serialization: 'advanced',
  });
}

const [size = '20000', heapLabel = "Node's default heap for this machine"] = process.argv.slice(2);
const report = await steadyTicks(Number(size), heapLabel);
process.send?.(report, () => process.disconnect());
