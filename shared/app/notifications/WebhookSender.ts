/** What a webhook answered. */
export interface WebhookResponse {
  status: number;
  /** Retry-After in seconds, when the answer had one (Slack's 429s do). */
  retryAfterSeconds?: number;
  /** The start of the body, for the report of a failure. */
  body: string;
}

/** Posts one message to a webhook; throws when no answer came (refused connection, timeout). */
export interface WebhookSender {
  post(url: string, contentType: string, body: string): Promise<WebhookResponse>;
}
