import functions from '@azure/functions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleHttp, json } from '../../../shared/http/handleHttp.js';
import { invocationLog } from '../../../shared/invocationLog.js';

const { HttpRequest, InvocationContext } = functions;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an HTTP invocation', () => {
  it("sends the lines services log while answering to the invocation's logger, not to console.log", async () => {
    const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // The composition root's log: the current invocation's logger, or console.log outside one.
    const serviceLog = invocationLog((line) => console.log(JSON.stringify(line)));
    const logged: string[] = [];
    const context = new InvocationContext({
      functionName: 'targetPower',
      invocationId: 'invocation-2',
      logHandler: (_level, ...args) => logged.push(String(args[0])),
    });
    const handler = handleHttp(async () => {
      serviceLog({ event: 'decision', target: 'web' });
      return json(200, {});
    });

    const response = await handler(
      new HttpRequest({ method: 'GET', url: 'http://localhost/api/x' }),
      context,
    );

    expect(response.status).toBe(200);
    expect(logged).toContain('{"event":"decision","target":"web"}');
    expect(consoleLog).not.toHaveBeenCalled();
  });
});
