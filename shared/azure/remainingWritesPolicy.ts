import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * Reads ARM's count of writes left for the subscription and principal
 * (`x-ms-ratelimit-remaining-subscription-writes`, sent on write responses) and hands it on, so the
 * write plan never spends more than Azure says is left (docs/architecture.md, Throttling).
 */
export function remainingWritesPolicy(
  onRemaining: (subscriptionId: string, remaining: number) => void,
): PipelinePolicy {
  return {
    name: 'offhoursRemainingWrites',
    async sendRequest(request, next) {
      const response = await next(request);
      const header = response.headers.get('x-ms-ratelimit-remaining-subscription-writes');
      const subscription = /\/subscriptions\/([^/?]+)/i.exec(request.url)?.[1];
      const remaining = Number(header);
      if (header && subscription && Number.isFinite(remaining)) onRemaining(subscription, remaining);
      return response;
    },
  };
}
