import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { ConfigError } from '../../shared/ConfigError.js';

const storage = { AzureWebJobsStorage: 'UseDevelopmentStorage=true' };

function problems(environment: Record<string, string>): readonly string[] {
  try {
    loadConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the defaults', () => {
    expect(loadConfig(storage)).toMatchObject({
      tick: '0 */5 * * * *',
      dryRun: false,
      newTargetGraceMinutes: 15,
      observation: 'resource-graph',
      concurrencyPerSubscription: 10,
      subscriptions: [],
      tablePrefix: '',
      requirePrincipal: false,
      operators: [],
    });
  });

  it('reads every setting, with booleans and lists as people type them', () => {
    expect(
      loadConfig({
        ...storage,
        OFFHOURS_DRY_RUN: ' Yes ',
        OFFHOURS_TICK: '0 */10 * * * *',
        OFFHOURS_SUBSCRIPTIONS: '00000000-0000-0000-0000-000000000001, 00000000-0000-0000-0000-000000000002',
        OFFHOURS_OPERATORS: 'alice@example.com,bob@example.com',
        OFFHOURS_ARM_ENDPOINT: 'https://management.chinacloudapi.cn',
      }),
    ).toMatchObject({
      dryRun: true,
      tick: '0 */10 * * * *',
      subscriptions: ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002'],
      operators: ['alice@example.com', 'bob@example.com'],
      armEndpoint: 'https://management.chinacloudapi.cn',
    });
  });

  it('names every bad setting with its value and what is valid, and never echoes the connection string', () => {
    expect(
      problems({
        AzureWebJobsStorage: ' ',
        OFFHOURS_DRY_RUN: 'maybe',
        OFFHOURS_TICK: '*/5 * * * *',
        OFFHOURS_NEW_TARGET_GRACE_MINUTES: '-1',
        OFFHOURS_SUBSCRIPTIONS: 'prod',
        OFFHOURS_OBSERVATION: 'graph',
        OFFHOURS_ARM_ENDPOINT: 'http://localhost:8080',
      }),
    ).toEqual([
      'AzureWebJobsStorage (hidden): Too small: expected string to have >=1 characters',
      'OFFHOURS_TICK "*/5 * * * *": must have six fields (second minute hour day month weekday), e.g. 0 */5 * * * *',
      'OFFHOURS_DRY_RUN "maybe": must be true or false',
      'OFFHOURS_SUBSCRIPTIONS "prod": must be subscription IDs (GUIDs), separated by commas',
      'OFFHOURS_NEW_TARGET_GRACE_MINUTES "-1": must be a whole number from 0 to 1440',
      'OFFHOURS_OBSERVATION "graph": must be resource-graph or per-cluster',
      'OFFHOURS_ARM_ENDPOINT "http://localhost:8080": must be an https URL (the Azure SDK sends tokens only over HTTPS)',
    ]);
  });

  it('needs a storage setting', () => {
    expect(problems({})).toEqual([
      'AzureWebJobsStorage (not set): set a connection string (UseDevelopmentStorage=true for Azurite), or AzureWebJobsStorage__accountName for identity-based access',
    ]);
  });

  it('reads the commitments that already pay for nodes, and names a reservation it cannot read', () => {
    expect(loadConfig(storage).commitments).toEqual({ reservations: [], savingsPlanHourly: 0 });
    expect(
      loadConfig({
        ...storage,
        OFFHOURS_RESERVATIONS: 'Standard_D4s_v5@westeurope×3, Standard_D2s_v3@EastUS x 2',
        OFFHOURS_SAVINGS_PLAN_HOURLY: '2.5',
      }).commitments,
    ).toEqual({
      reservations: [
        { vmSize: 'Standard_D4s_v5', location: 'westeurope', count: 3 },
        { vmSize: 'Standard_D2s_v3', location: 'eastus', count: 2 },
      ],
      savingsPlanHourly: 2.5,
    });
    expect(
      problems({ ...storage, OFFHOURS_RESERVATIONS: 'Standard_D4s_v5@westeurope' }).join('\n'),
    ).toContain('OFFHOURS_RESERVATIONS');
    expect(problems({ ...storage, OFFHOURS_RESERVATIONS: 'D4s_v5×3' }).join('\n')).toContain(
      'is not SIZE@REGION×COUNT, such as Standard_D4s_v5@westeurope×3',
    );
    expect(problems({ ...storage, OFFHOURS_SAVINGS_PLAN_HOURLY: '-1' }).join('\n')).toContain(
      'OFFHOURS_SAVINGS_PLAN_HOURLY',
    );
  });
});
