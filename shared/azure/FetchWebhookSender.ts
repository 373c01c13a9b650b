import type { WebhookResponse, WebhookSender } from '../app/notifications/WebhookSender.js';

/** How long one webhook call may take: a notice never holds an invocation for long. */
const TIMEOUT_MS = 10_000;

/**
 * Sends notices with Node's fetch. Redirects are not followed (a webhook that moved is a set-up
 * mistake to report, and a redirect must not carry the message elsewhere).
 */
export class FetchWebhookSender implements WebhookSender {
  async post(url: string, contentType: string, body: string): Promise<WebhookResponse> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': contentType, 'user-agent': 'aks-offhours-notify' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = (await response.text()).slice(0, 500);
    const header = response.headers.get('retry-after');
    const retryAfter = header === null ? Number.NaN : Number(header);
    return {
      status: response.status,
      body: text,
      ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
}
