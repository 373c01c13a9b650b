import functions from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { rateKeyOf } from '../../../shared/http/rateLimitedResponse.js';
import { appServicePrincipal } from '../../helpers/appServicePrincipal.js';

const { HttpRequest } = functions;

const post = (headers: Record<string, string>, url = 'https://app.example/api/notices/dev-a/keep-1h') =>
  new HttpRequest({ method: 'POST', url, headers });

describe('whom a change counts against (issue 27, item 1)', () => {
  it('an anonymous caller is the address App Service saw, whatever X-Forwarded-For the client wrote', () => {
    const keys = ['203.0.113.1', '203.0.113.2', '198.51.100.7, 10.0.0.1'].map((invented) =>
      rateKeyOf(post({ 'x-forwarded-for': invented, 'x-client-ip': '192.0.2.10' }), {
        appServiceAuthEnabled: true,
        anonymousRoute: true,
      }),
    );
    expect(new Set(keys)).toEqual(new Set(['client:192.0.2.10']));
    // App Service's Client-IP carries the port; the port changes with every connection.
    expect(
      rateKeyOf(post({ 'client-ip': '192.0.2.10:50123' }), {
        appServiceAuthEnabled: true,
        anonymousRoute: true,
      }),
    ).toBe('client:192.0.2.10');
    expect(
      rateKeyOf(post({ 'client-ip': '[2001:db8::1]:443' }), {
        appServiceAuthEnabled: true,
        anonymousRoute: true,
      }),
    ).toBe('client:2001:db8::1');
  });

  it('without the platform’s address, every anonymous caller shares one bucket: X-Forwarded-For is never read', () => {
    const keys = ['203.0.113.1', '203.0.113.2'].map((invented) =>
      rateKeyOf(post({ 'x-forwarded-for': invented }), {
        appServiceAuthEnabled: false,
        anonymousRoute: true,
      }),
    );
    expect(keys).toEqual(['client:unknown', 'client:unknown']);
  });

  it('on the anonymous link route an invented function key is no new bucket: nobody checked it', () => {
    const keys = ['key-1', 'key-2'].map((invented) =>
      rateKeyOf(post({ 'x-functions-key': invented, 'x-client-ip': '192.0.2.10' }), {
        appServiceAuthEnabled: true,
        anonymousRoute: true,
      }),
    );
    expect(keys).toEqual(['client:192.0.2.10', 'client:192.0.2.10']);
    // On the other routes the Functions host checked the key, so it names the caller.
    expect(
      rateKeyOf(
        post(
          { 'x-functions-key': 'key-1', 'x-client-ip': '192.0.2.10' },
          'https://app.example/api/schedules/x',
        ),
        {
          appServiceAuthEnabled: true,
          anonymousRoute: false,
        },
      ),
    ).toMatch(/^key:[0-9a-f]{32}$/);
  });

  it('a signed-in caller is their principal, from any address', () => {
    const keys = ['192.0.2.10', '192.0.2.11'].map((address) =>
      rateKeyOf(
        post({
          'x-client-ip': address,
          'x-ms-client-principal': appServicePrincipal('ana@contoso.com', [], 'object-1'),
        }),
        { appServiceAuthEnabled: true, anonymousRoute: true },
      ),
    );
    expect(keys).toEqual(['principal:object-1', 'principal:object-1']);
  });
});
