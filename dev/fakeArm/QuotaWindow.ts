/**
 * Resource Graph's quota per user: `limit` queries in a window of `windowMs` that starts with the
 * first query. Every answer says what is left (`x-ms-user-quota-remaining`) and when the window
 * resets (`x-ms-user-quota-resets-after`, hh:mm:ss); past the limit the query is answered 429 with
 * those headers (Microsoft's "Guidance for throttled requests" in Azure Resource Graph).
 */
export class QuotaWindow {
  private startedAt = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(now: number): { ok: boolean; headers: Record<string, string> } {
    if (now - this.startedAt >= this.windowMs) {
      this.startedAt = now;
      this.used = 0;
    }
    const ok = this.used < this.limit;
    if (ok) this.used++;
    return {
      ok,
      headers: {
        'x-ms-user-quota-remaining': String(this.limit - this.used),
        'x-ms-user-quota-resets-after': hhmmss(this.startedAt + this.windowMs - now),
      },
    };
  }
}

function hhmmss(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}
