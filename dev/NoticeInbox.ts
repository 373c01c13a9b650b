import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface InboxTarget {
  name: string;
  schedule: string;
  stopLocal: string;
  links: Record<string, { label: string; url: string }>;
}

interface InboxNotice {
  receivedAt: string;
  title: string;
  channel: string;
  targets: InboxTarget[];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * `npm start`'s stand-in for Slack or Teams: a generic webhook (CloudEvents) on 127.0.0.1 that keeps
 * the notices it receives and shows them as a page, with the one-click links, so a new user can click
 * "keep running" on the demo fleet (docs/notifications.md).
 */
export class NoticeInbox {
  private readonly notices: InboxNotice[] = [];
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly onNotice: (notice: InboxNotice, inboxUrl: string) => void) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.method === 'POST' && request.url === '/webhook') {
          this.receive(Buffer.concat(chunks).toString('utf8'));
          response.writeHead(202).end();
        } else if (request.method === 'GET' && request.url === '/') {
          response
            .writeHead(200, {
              'content-type': 'text/html; charset=utf-8',
              'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
            })
            .end(this.page());
        } else response.writeHead(404).end();
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  /** Where the page is. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Where the app posts notices (the demo channel's URL). */
  get webhookUrl(): string {
    return `http://127.0.0.1:${this.port}/webhook`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server?.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private receive(text: string): void {
    try {
      const event = JSON.parse(text) as { data: { title: string; channel: string; targets: InboxTarget[] } };
      const notice = {
        receivedAt: new Date().toISOString(),
        title: event.data.title,
        channel: event.data.channel,
        targets: event.data.targets,
      };
      this.notices.unshift(notice);
      this.onNotice(notice, this.url);
    } catch {
      // Not a notice: nothing to show.
    }
  }

  private page(): string {
    const notices =
      this.notices.length === 0
        ? '<p>No notice yet: one arrives the configured time before each scheduled stop.</p>'
        : this.notices
            .map(
              (notice) =>
                `<section><h2>${escapeHtml(notice.title)}</h2><p class="meta">to ${escapeHtml(notice.channel)}, received ${escapeHtml(notice.receivedAt)}</p><ul>${notice.targets
                  .map(
                    (target) =>
                      `<li><strong>${escapeHtml(target.name)}</strong> (schedule ${escapeHtml(target.schedule)}) stops ${escapeHtml(target.stopLocal)}<br>${Object.values(
                        target.links,
                      )
                        .map(
                          (link) =>
                            `<a class="button" href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>`,
                        )
                        .join(' ')}</li>`,
                  )
                  .join('')}</ul></section>`,
            )
            .join('');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Notices · AKS Off-Hours demo</title><style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}section{border:1px solid #ccc;border-radius:8px;padding:.5rem 1.25rem;margin:1rem 0}h2{font-size:1.1rem}.meta{color:#555;font-size:.9rem}li{margin:.75rem 0;line-height:2}.button{display:inline-block;padding:.2rem .7rem;border-radius:6px;background:#0f5ec7;color:#fff;text-decoration:none;line-height:1.6}</style></head><body><main><h1>Notices (local inbox)</h1><p>What a Slack or Teams channel would show. A link opens a confirmation page; nothing changes until you confirm there.</p>${notices}</main></body></html>`;
  }
}
