import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import functions, { type HttpResponseInit, type Timer } from '@azure/functions';
import { QueueClient } from '@azure/storage-queue';
import { Cron } from 'croner';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { azureSignInProblem } from '../cli/azureSignInProblem.js';
import { problem } from '../shared/http/problemResponse.js';
import { invokeHttp, methodNotAllowed } from './invokeHttp.js';
import { PortInUseError } from './PortInUseError.js';

const { InvocationContext } = functions;

/** One line: a sign-in failure says `az login`; any other error its first line (the log file has no more). */
function failureOf(error: unknown, functionName: string): string {
  return (
    azureSignInProblem(error, functionName) ??
    (error instanceof Error ? error.message : String(error)).split('\n')[0] ??
    ''
  );
}

/** As host.json says: a message that failed this often goes to the poison queue. */
const MAX_DEQUEUE_COUNT = 5;
const QUEUE_POLL_MS = 1000;

export interface LocalRunnerOptions {
  functions: readonly FunctionDefinition[];
  /** Storage connection string, for the queue triggers. */
  connectionString: string;
  /** NCRONTAB of the timer (OFFHOURS_TICK), read in UTC as the host does. */
  tick: string;
  port: number;
  log: (line: string) => void;
  /** A handler's `context.log`/`warn`/`error`; by default `log` gets `[function] level: text`. */
  functionLog?: (functionName: string, level: string, text: string) => void;
  /** Told of every HTTP answer of a function (the tests check each against the contract). */
  answered?: (method: string, url: string, response: HttpResponseInit) => void;
}

/**
 * Runs the registered handlers the way the Functions host would, for `npm start` where Core Tools
 * cannot be installed: the timer on its schedule, the queue triggers on their Azurite queues, and the
 * HTTP functions on http://localhost:<port>/api/….
 */
export class LocalRunner {
  private server: Server | undefined;
  private cron: Cron | undefined;
  private poller: NodeJS.Timeout | undefined;
  private polling = false;
  private port = 0;

  constructor(private readonly options: LocalRunnerOptions) {}

  async start(): Promise<number> {
    this.server = createServer((request, response) => {
      void this.serve(request).then(({ status, headers, body }) => {
        response.writeHead(status, headers);
        response.end(body);
      });
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new PortInUseError(this.options.port, { cause: error }) : error),
      );
      server.listen(this.options.port, '127.0.0.1', resolve);
    });
    this.cron = new Cron(this.options.tick, { timezone: 'UTC', protect: true }, () => this.runTimers());
    this.poller = setInterval(() => void this.pollQueues(), QUEUE_POLL_MS);
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  /** Stops the timer, the queue polling and the HTTP server; calling it again does nothing. */
  async stop(): Promise<void> {
    this.cron?.stop();
    if (this.poller) clearInterval(this.poller);
    const server = this.server;
    this.server = undefined;
    if (!server?.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Runs every timer function once now (also used at start-up, like `runOnStartup`). */
  async runTimers(): Promise<void> {
    for (const definition of this.options.functions) {
      if (definition.trigger !== 'timer') continue;
      const timer: Timer = {
        isPastDue: false,
        schedule: { adjustForDST: false },
        scheduleStatus: { last: '', next: '', lastUpdated: new Date().toISOString() },
      };
      try {
        await definition.options.handler(timer, this.context(definition.name));
      } catch (error) {
        this.options.log(`[${definition.name}] failed: ${failureOf(error, definition.name)}`);
      }
    }
  }

  private context(functionName: string, triggerMetadata: Record<string, unknown> = {}) {
    return new InvocationContext({
      functionName,
      invocationId: crypto.randomUUID(),
      triggerMetadata,
      logHandler: (level, ...args) => {
        const text = args.map(String).join(' ');
        if (this.options.functionLog) this.options.functionLog(functionName, level, text);
        else this.options.log(`[${functionName}] ${level === 'information' ? '' : `${level}: `}${text}`);
      },
    });
  }

  private async serve(
    request: IncomingMessage,
  ): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(request.headers).flatMap(([name, value]) =>
        typeof value === 'string' ? [[name, value]] : [],
      ),
    );
    // As App Service's front end does: the address it saw, replacing any a client sent (rateKeyOf).
    headers['x-client-ip'] = request.socket.remoteAddress ?? '';
    let response: HttpResponseInit;
    try {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      response =
        path === '/'
          ? this.index(request.method ?? 'GET', headers['accept'] ?? '')
          : await invokeHttp(this.options.functions, {
              method: request.method ?? 'GET',
              url: `http://localhost:${this.port}${request.url ?? '/'}`,
              headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
    } catch (error) {
      response = problem('internal-error', error instanceof Error ? error.message : String(error));
    }
    this.options.answered?.(request.method ?? 'GET', request.url ?? '/', response);
    const responseHeaders = { ...((response.headers ?? {}) as Record<string, string>) };
    const body =
      response.jsonBody === undefined
        ? typeof response.body === 'string'
          ? response.body
          : ''
        : JSON.stringify(response.jsonBody, null, 2);
    if (
      response.jsonBody !== undefined &&
      !Object.keys(responseHeaders).some((name) => name.toLowerCase() === 'content-type')
    )
      responseHeaders['Content-Type'] = 'application/json';
    return { status: response.status ?? 200, headers: responseHeaders, body };
  }

  /**
   * `GET /`: a browser goes to the status page (/api/ui); anything else gets where the API is (the
   * Functions host answers `/` with a page of its own).
   */
  private index(method: string, accept: string): HttpResponseInit {
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(method, '/', ['GET', 'HEAD']);
    if (accept.includes('text/html')) return { status: 302, headers: { Location: '/api/ui' } };
    const base = `http://localhost:${this.port}`;
    const routes = this.options.functions.flatMap((definition) =>
      definition.trigger === 'http'
        ? (definition.options.methods ?? []).map(
            (method) => `${method} /api/${definition.options.route ?? definition.name}`,
          )
        : [],
    );
    return {
      status: 200,
      jsonBody: {
        name: 'AKS Off-Hours (local runner, npm start)',
        api: `${base}/api`,
        openapi: `${base}/api/openapi.json`,
        statusPage: `${base}/api/ui`,
        docs: 'docs/api.md in the repository',
        routes,
      },
    };
  }

  private async pollQueues(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const definition of this.options.functions) {
        if (definition.trigger === 'queue') await this.pollQueue(definition);
      }
    } catch (error) {
      this.options.log(`[queue] ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.polling = false;
    }
  }

  private async pollQueue(definition: Extract<FunctionDefinition, { trigger: 'queue' }>): Promise<void> {
    const queue = new QueueClient(this.options.connectionString, definition.options.queueName);
    await queue.createIfNotExists();
    const { receivedMessageItems } = await queue.receiveMessages({
      numberOfMessages: 16,
      visibilityTimeout: 10,
    });
    for (const message of receivedMessageItems) {
      const text = Buffer.from(message.messageText, 'base64').toString('utf8');
      let item: unknown = text;
      try {
        item = JSON.parse(text);
      } catch {
        // The host passes text that is not JSON as a string; so does this runner.
      }
      try {
        await definition.options.handler(
          item,
          this.context(definition.name, { dequeueCount: message.dequeueCount, id: message.messageId }),
        );
        await queue.deleteMessage(message.messageId, message.popReceipt);
      } catch (error) {
        this.options.log(
          `[${definition.name}] failed (delivery ${message.dequeueCount}): ${failureOf(error, definition.name)}`,
        );
        if (message.dequeueCount >= MAX_DEQUEUE_COUNT) {
          await new QueueClient(
            this.options.connectionString,
            `${definition.options.queueName}-poison`,
          ).sendMessage(message.messageText);
          await queue.deleteMessage(message.messageId, message.popReceipt);
        }
      }
    }
  }
}
