import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedMessage {
  path: string;
  contentType: string;
  body: Record<string, unknown>;
}

/**
 * A webhook endpoint on 127.0.0.1 that records what it receives. `answers` gives, per path, the
 * statuses to answer in turn (the last repeats); 200 otherwise.
 */
export class WebhookReceiver {
  readonly received: ReceivedMessage[] = [];
  readonly answers = new Map<string, number[]>();
  private server: Server | undefined;
  private port = 0;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const queue = receiver.answers.get(path) ?? [];
        const status = (queue.length > 1 ? queue.shift() : queue[0]) ?? 200;
        if (status < 300)
          receiver.received.push({
            path,
            contentType: request.headers['content-type'] ?? '',
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          });
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(status < 300 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => receiver.server?.listen(0, '127.0.0.1', resolve));
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  on(path: string): ReceivedMessage[] {
    return this.received.filter((message) => message.path === path);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
