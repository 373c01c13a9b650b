import type { TableRow } from '../../shared/app/storage/RowTable.js';

/** Rows as a person types them in the portal's storage browser: mistakes, odd types, odd characters. */
export interface MalformedRowCase {
  name: string;
  schedules?: TableRow[];
  targets?: TableRow[];
  overrides?: TableRow[];
}

const POOL =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/dev/agentPools';
export const GOOD_SCHEDULE: TableRow = {
  partitionKey: 'schedule',
  rowKey: 'office',
  Uptime: 'Mon-Fri 08:00-20:00',
  TimeZone: 'Europe/Berlin',
};
export const GOOD_TARGET: TableRow = {
  partitionKey: 'target',
  rowKey: 'good-pool',
  ResourceId: `${POOL}/good`,
  Schedule: 'office',
};

const schedule = (columns: Record<string, unknown>, rowKey = 'bad'): TableRow => ({
  partitionKey: 'schedule',
  rowKey,
  ...columns,
});
const target = (columns: Record<string, unknown>, rowKey = 'bad-pool'): TableRow => ({
  partitionKey: 'target',
  rowKey,
  ResourceId: `${POOL}/bad`,
  Schedule: 'office',
  ...columns,
});
const override = (columns: Record<string, unknown>): TableRow => ({
  partitionKey: 'override',
  rowKey: 'good-pool',
  Kind: 'keep-running',
  Effect: 'running',
  From: '2026-11-26T18:00:00Z',
  Until: '2026-11-26T22:00:00Z',
  CreatedAt: '2026-11-26T18:00:00Z',
  ...columns,
});

export const MALFORMED_ROWS: MalformedRowCase[] = [
  { name: 'Uptime typed as a number', schedules: [schedule({ Uptime: 8 })] },
  { name: 'neither Uptime nor Downtime', schedules: [schedule({ Uptime: '', TimeZone: 'UTC' })] },
  {
    name: 'both Uptime and Downtime',
    schedules: [schedule({ Uptime: 'Mon-Fri 08:00-20:00 UTC', Downtime: 'Sat-Sun 00:00-24:00 UTC' })],
  },
  { name: 'invalid spec', schedules: [schedule({ Uptime: 'Mon-Fry 08:00-20:00 Europe/Berlin' })] },
  {
    name: 'unknown time zone',
    schedules: [schedule({ Uptime: 'Mon-Fri 08:00-20:00', TimeZone: 'Mars/Olympus_Mons' })],
  },
  {
    name: 'abbreviated time zone',
    schedules: [schedule({ Uptime: 'Mon-Fri 08:00-20:00', TimeZone: 'JST' })],
  },
  {
    name: 'Enforce that is not a boolean',
    schedules: [schedule({ Uptime: 'always', Enforce: 'sometimes' })],
  },
  { name: 'unknown holiday calendar', schedules: [schedule({ Uptime: 'always', Holidays: 'XX' })] },
  { name: 'Holidays typed as a number', schedules: [schedule({ Uptime: 'always', Holidays: 2026 })] },
  { name: 'StartLead that is not a lead', schedules: [schedule({ Uptime: 'always', StartLead: 'soon' })] },
  { name: 'StartLead without a unit', schedules: [schedule({ Uptime: 'always', StartLead: 15 })] },
  // Table Storage holds at most 64 KiB per value: 32,768 UTF-16 characters.
  { name: '64 KiB Uptime', schedules: [schedule({ Uptime: 'Mon-Fri 08:00-20:00 UTC, '.repeat(1310) })] },
  {
    name: 'control character in Description',
    schedules: [schedule({ Uptime: 'always', Description: 'dev\u0007 cluster' })],
  },
  { name: 'RowKey too long for a name', schedules: [schedule({ Uptime: 'always' }, 'n'.repeat(101))] },
  {
    name: 'the same schedule name in another partition and case',
    schedules: [
      { partitionKey: 'schedule', rowKey: 'team', Uptime: 'always' },
      { partitionKey: 'team-b', rowKey: 'Team', Uptime: 'never' },
    ],
  },
  { name: 'spec with only whitespace', schedules: [schedule({ Uptime: '   \u00a0 ' })] },
  { name: 'ResourceId missing', targets: [target({ ResourceId: '' })] },
  {
    name: 'ResourceId of the wrong type',
    targets: [
      target({
        ResourceId:
          '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev/providers/Microsoft.Storage/storageAccounts/devdata',
      }),
    ],
  },
  { name: 'ResourceId that is not an ARM ID', targets: [target({ ResourceId: 'dev-cluster' })] },
  { name: 'ResourceId typed as a boolean', targets: [target({ ResourceId: true })] },
  { name: 'Schedule missing', targets: [target({ Schedule: ' ' })] },
  { name: 'unknown schedule name', targets: [target({ Schedule: 'ofice' })] },
  {
    name: 'target of an invalid schedule',
    schedules: [schedule({ Uptime: 'Mon-Fri 8-20 UTC' }, 'broken')],
    targets: [target({ Schedule: 'broken' })],
  },
  {
    name: 'duplicate target, differing only in case',
    targets: [target({ ResourceId: `${POOL.toUpperCase()}/GOOD` })],
  },
  { name: 'Enabled that is not a boolean', targets: [target({ Enabled: 'maybe' })] },
  {
    name: 'the same target name in another partition',
    targets: [{ ...target({}, 'Good-Pool'), partitionKey: 'team-b' }],
  },
  { name: 'control character in a target name', targets: [target({ Description: 'line\u0000break' })] },
  {
    name: 'override that has already ended',
    overrides: [override({ Until: '2026-11-25T22:00:00Z', From: '2026-11-25T18:00:00Z' })],
  },
  { name: 'unknown override kind', overrides: [override({ Kind: 'keep-up' })] },
  { name: 'override Until before From', overrides: [override({ Until: '2026-11-26T17:00:00Z' })] },
  { name: 'override Until in words', overrides: [override({ Until: 'tomorrow' })] },
  { name: 'override Effect missing', overrides: [override({ Effect: '' })] },
  { name: 'override Until without an offset', overrides: [override({ Until: '2026-11-26T22:00:00' })] },
  { name: 'Enable instead of Enabled', targets: [target({ Enable: false })] },
  { name: 'Enfroce instead of Enforce', schedules: [schedule({ Uptime: 'always', Enfroce: true })] },
  { name: 'both Enabled and enabled', targets: [target({ Enabled: true, enabled: 'false' })] },
  { name: 'blank RowKey', schedules: [schedule({ Uptime: 'always' }, '')] },
  { name: 'RowKey that reads as a control character', schedules: [schedule({ Uptime: 'always' }, 'a%07b')] },
];

/** Rows that look wrong but mean something clear: they are read as meant, with no problem. */
export const NORMALISED_ROWS: { name: string; schedules?: TableRow[]; targets?: TableRow[] }[] = [
  {
    name: '"TRUE " with a trailing space and capitals',
    schedules: [schedule({ Uptime: 'always', Enforce: 'TRUE ' })],
  },
  { name: 'Enforce typed as a boolean', schedules: [schedule({ Uptime: 'always', Enforce: true })] },
  {
    name: 'StartLead in capitals with a space',
    schedules: [schedule({ Uptime: 'always', StartLead: ' 20 MIN' })],
  },
  {
    name: 'full-width digits, ideographic and no-break spaces, zero-width and direction marks',
    schedules: [schedule({ Uptime: '\u3000Mon-Fri\u00a0０８:００-２０:００ Europe/Berlin\u200b\u200f' })],
  },
  {
    name: 'lower-case zone and weekdays',
    schedules: [schedule({ Uptime: 'mon-fri 08:00-20:00 europe/berlin' })],
  },
  { name: 'Enabled "No " disables the target', targets: [target({ Enabled: 'No ' })] },
  { name: 'AllowAksManagedScaleSet "yes"', targets: [target({ AllowAksManagedScaleSet: 'yes' })] },
  {
    name: 'ResourceId with spaces, a trailing slash and other case',
    targets: [target({ ResourceId: `  ${POOL.toLowerCase()}/bad/ ` })],
  },
  { name: 'schedule name in another case', targets: [target({ Schedule: ' OFFICE ' })] },
  { name: 'enabled in lower case', targets: [target({ enabled: false })] },
  { name: 'ENFORCE in capitals', schedules: [schedule({ Uptime: 'always', ENFORCE: 'yes' })] },
  { name: "a column of the person's own", schedules: [schedule({ Uptime: 'always', Owner: 'team-a' })] },
];
