/** What a benchmark's helper process reports of itself: peak RSS in KiB and CPU time in ms. */
export interface ProcessUsage {
  rssKiB: number;
  cpuMs: number;
}

/** Answers the parent's `'usage'` messages with this process's `ProcessUsage`. */
export function answerUsage(): void {
  process.on('message', (message) => {
    if (message !== 'usage') return;
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    process.send?.({ rssKiB: maxRSS, cpuMs: (userCPUTime + systemCPUTime) / 1000 } satisfies ProcessUsage);
  });
}
