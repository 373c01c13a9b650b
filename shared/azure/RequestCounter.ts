import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** Counts the HTTP requests an Azure SDK client sends, by method, for tests and benchmarks. */
export class RequestCounter {
  private readonly counts = new Map<string, number>();

  readonly policy: PipelinePolicy = {
    name: 'offhoursRequestCounter',
    sendRequest: (request, next) => {
      this.counts.set(request.method, (this.counts.get(request.method) ?? 0) + 1);
      return next(request);
    },
  };

  get total(): number {
    return [...this.counts.values()].reduce((sum, count) => sum + count, 0);
  }

  byMethod(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}
