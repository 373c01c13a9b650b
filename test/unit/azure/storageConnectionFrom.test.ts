import { TableClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';
import { describe, expect, it } from 'vitest';
import { storageConnectionFrom } from '../../../shared/azure/storageConnectionFrom.js';

const credential: TokenCredential = { getToken: async () => ({ token: 'unused', expiresOnTimestamp: 0 }) };

describe('storageConnectionFrom', () => {
  it('prefers the connection string, as the Functions host does', () => {
    expect(
      storageConnectionFrom(
        { connectionString: 'UseDevelopmentStorage=true', accountName: 'prod' },
        () => credential,
      ),
    ).toEqual({ connectionString: 'UseDevelopmentStorage=true' });
  });

  it('uses the identity with the account name', () => {
    expect(storageConnectionFrom({ accountName: 'offhoursdata' }, () => credential)).toEqual({
      tableServiceUrl: 'https://offhoursdata.table.core.windows.net',
      queueServiceUrl: 'https://offhoursdata.queue.core.windows.net',
      credential,
    });
  });

  it('uses the identity with explicit endpoints, and needs both', () => {
    expect(
      storageConnectionFrom(
        {
          tableServiceUri: 'https://x.table.core.chinacloudapi.cn',
          queueServiceUri: 'https://x.queue.core.chinacloudapi.cn',
        },
        () => credential,
      ),
    ).toEqual({
      tableServiceUrl: 'https://x.table.core.chinacloudapi.cn',
      queueServiceUrl: 'https://x.queue.core.chinacloudapi.cn',
      credential,
    });
    expect(
      storageConnectionFrom({ tableServiceUri: 'https://x.table.core.chinacloudapi.cn' }, () => credential),
    ).toBeUndefined();
  });

  it('is undefined when nothing is set, and builds no credential for a connection string', () => {
    expect(storageConnectionFrom({}, () => credential)).toBeUndefined();
    expect(
      storageConnectionFrom({ connectionString: 'x' }, () => {
        throw new Error('no credential needed');
      }),
    ).toEqual({ connectionString: 'x' });
  });

  it('UseDevelopmentStorage=true points the SDK at Azurite on its default port', () => {
    expect(
      TableClient.fromConnectionString('UseDevelopmentStorage=true', 'Schedules', {
        allowInsecureConnection: true,
      }).url,
    ).toBe('http://127.0.0.1:10002/devstoreaccount1');
  });
});
