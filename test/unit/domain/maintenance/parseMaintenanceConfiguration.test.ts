import { describe, expect, it } from 'vitest';
import { maintenanceWindowsBetween } from '../../../../shared/domain/maintenance/maintenanceWindowsBetween.js';
import { parseMaintenanceConfiguration } from '../../../../shared/domain/maintenance/parseMaintenanceConfiguration.js';

/** Shaped like Microsoft's REST examples for MaintenanceConfigurations (Get/List, api-version 2026-08-01). */
const armNodeOsDaily = {
  name: 'aksManagedNodeOSUpgradeSchedule',
  id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/maintenanceConfigurations/aksManagedNodeOSUpgradeSchedule',
  properties: {
    maintenanceWindow: {
      durationHours: 4,
      notAllowedDates: [{ end: '2023-02-25', start: '2023-02-18' }],
      schedule: { daily: { intervalDays: 3 } },
      startDate: '2023-01-01',
      startTime: '09:30',
      utcOffset: '-07:00',
    },
  },
};

const armLegacyDefault = {
  id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/maintenanceConfigurations/default',
  type: 'Microsoft.ContainerService/managedClusters/maintenanceConfigurations',
  name: 'default',
  systemData: { createdBy: 'user1', createdAt: '2020-01-01T17:18:19.1234567Z' },
  properties: {
    timeInWeek: [{ day: 'Monday', hourSlots: [1, 2] }],
    notAllowedTime: [{ start: '2020-11-26T03:00:00Z', end: '2020-11-30T12:00:00Z' }],
  },
};

/** The CLI's flat output (planned-maintenance.md), with `null` for every unset field. */
const cliAutoUpgrade = {
  id: '/subscriptions/<subscription>/resourceGroups/myResourceGroup/providers/Microsoft.ContainerService/managedClusters/myAKSCluster/maintenanceConfigurations/aksManagedAutoUpgradeSchedule',
  maintenanceWindow: {
    durationHours: 4,
    notAllowedDates: [{ end: '2024-01-05', start: '2023-12-23' }],
    schedule: {
      absoluteMonthly: { dayOfMonth: 1, intervalMonths: 3 },
      daily: null,
      relativeMonthly: null,
      weekly: null,
    },
    startDate: '2023-01-20',
    startTime: '09:00',
    utcOffset: '-08:00',
  },
  name: 'aksManagedAutoUpgradeSchedule',
  notAllowedTime: null,
  resourceGroup: 'myResourceGroup',
  systemData: null,
  timeInWeek: null,
  type: null,
};

describe('parseMaintenanceConfiguration', () => {
  it('reads an ARM answer (name beside properties) into the flat form', () => {
    expect(parseMaintenanceConfiguration(armNodeOsDaily)).toEqual({
      ok: true,
      configuration: {
        name: 'aksManagedNodeOSUpgradeSchedule',
        maintenanceWindow: armNodeOsDaily.properties.maintenanceWindow,
      },
    });
  });

  it('reads the legacy default configuration', () => {
    expect(parseMaintenanceConfiguration(armLegacyDefault)).toEqual({
      ok: true,
      configuration: { name: 'default', ...armLegacyDefault.properties },
    });
  });

  it('reads the CLI flat form, treating null as absent', () => {
    const result = parseMaintenanceConfiguration(cliAutoUpgrade);
    expect(result).toEqual({
      ok: true,
      configuration: {
        name: 'aksManagedAutoUpgradeSchedule',
        maintenanceWindow: {
          durationHours: 4,
          notAllowedDates: [{ end: '2024-01-05', start: '2023-12-23' }],
          schedule: { absoluteMonthly: { dayOfMonth: 1, intervalMonths: 3 } },
          startDate: '2023-01-20',
          startTime: '09:00',
          utcOffset: '-08:00',
        },
      },
    });
  });

  it('what it returns parses again to the same, and the window arithmetic accepts it', () => {
    for (const input of [armNodeOsDaily, armLegacyDefault, cliAutoUpgrade]) {
      const first = parseMaintenanceConfiguration(input);
      if (!first.ok) throw new Error(JSON.stringify(first.problems));
      expect(parseMaintenanceConfiguration(JSON.parse(JSON.stringify(first.configuration)))).toEqual(first);
      expect(() =>
        maintenanceWindowsBetween([first.configuration], 0, Date.parse('2030-01-01T00:00Z')),
      ).not.toThrow();
    }
  });

  it('accepts weekday and week-index names in any ASCII case and returns them as Azure spells them', () => {
    const result = parseMaintenanceConfiguration({
      name: 'aksmanagedautoupgradeschedule',
      maintenanceWindow: {
        schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: 'LAST', dayOfWeek: 'sunday' } },
        durationHours: 4,
        startTime: '01:00',
      },
      timeInWeek: [{ day: 'MONDAY', hourSlots: [1] }],
    });
    expect(result.ok && result.configuration.maintenanceWindow?.schedule.relativeMonthly).toEqual({
      intervalMonths: 1,
      weekIndex: 'Last',
      dayOfWeek: 'Sunday',
    });
    expect(result.ok && result.configuration.timeInWeek).toEqual([{ day: 'Monday', hourSlots: [1] }]);
    expect(result.ok && result.configuration.name).toBe('aksmanagedautoupgradeschedule');
  });

  const window = {
    schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
    durationHours: 4,
    startTime: '01:00',
  };
  it.each([
    {
      case: 'not an object',
      input: 'default',
      field: '(configuration)',
      value: '"default"',
      message: /must be an object/,
    },
    {
      case: 'no name',
      input: { maintenanceWindow: window },
      field: 'name',
      value: undefined,
      message: /is missing; it must be a string/,
    },
    {
      case: 'an unknown name',
      input: { name: 'nightly', maintenanceWindow: window },
      field: 'name',
      value: '"nightly"',
      message: /use default, aksManagedAutoUpgradeSchedule or aksManagedNodeOSUpgradeSchedule/,
    },
    {
      case: 'a misspelt weekday',
      input: {
        name: 'default',
        maintenanceWindow: { ...window, schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sundy' } } },
      },
      field: 'maintenanceWindow.schedule.weekly.dayOfWeek',
      value: '"Sundy"',
      message: /use one of Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday/,
    },
    {
      case: 'an interval beyond the API limit',
      input: {
        name: 'default',
        maintenanceWindow: { ...window, schedule: { weekly: { intervalWeeks: 5, dayOfWeek: 'Sunday' } } },
      },
      field: 'maintenanceWindow.schedule.weekly.intervalWeeks',
      value: '5',
      message: /whole number from 1 to 4/,
    },
    {
      case: 'two schedule kinds',
      input: {
        name: 'default',
        maintenanceWindow: {
          ...window,
          schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' }, daily: { intervalDays: 1 } },
        },
      },
      field: 'maintenanceWindow.schedule',
      value: undefined,
      message: /daily and weekly are set; set exactly one/,
    },
    {
      case: 'no schedule kind',
      input: { name: 'default', maintenanceWindow: { ...window, schedule: {} } },
      field: 'maintenanceWindow.schedule',
      value: undefined,
      message: /none is set/,
    },
    {
      case: 'a short window',
      input: { name: 'default', maintenanceWindow: { ...window, durationHours: 2 } },
      field: 'maintenanceWindow.durationHours',
      value: '2',
      message: /from 4 to 24/,
    },
    {
      case: 'a duration given as text',
      input: { name: 'default', maintenanceWindow: { ...window, durationHours: '4' } },
      field: 'maintenanceWindow.durationHours',
      value: '"4"',
      message: /must be a number/,
    },
    {
      case: 'an offset out of range',
      input: { name: 'default', maintenanceWindow: { ...window, utcOffset: '+15:00' } },
      field: 'maintenanceWindow.utcOffset',
      value: '"+15:00"',
      message: /-12:00 to \+14:00/,
    },
    {
      case: 'a zone name for an offset',
      input: { name: 'default', maintenanceWindow: { ...window, utcOffset: 'Europe/Berlin' } },
      field: 'maintenanceWindow.utcOffset',
      value: '"Europe/Berlin"',
      message: /such as \+05:30/,
    },
    {
      case: 'a start time of 24:00',
      input: { name: 'default', maintenanceWindow: { ...window, startTime: '24:00' } },
      field: 'maintenanceWindow.startTime',
      value: '"24:00"',
      message: /00:00 to 23:59/,
    },
    {
      case: 'a startDate that does not exist',
      input: { name: 'default', maintenanceWindow: { ...window, startDate: '2026-02-29' } },
      field: 'maintenanceWindow.startDate',
      value: '"2026-02-29"',
      message: /a date such as/,
    },
    {
      case: 'not-allowed dates backwards',
      input: {
        name: 'default',
        maintenanceWindow: { ...window, notAllowedDates: [{ start: '2026-12-31', end: '2026-12-24' }] },
      },
      field: 'maintenanceWindow.notAllowedDates[0]',
      value: '{"start":"2026-12-31","end":"2026-12-24"}',
      message: /start not after the end/,
    },
    {
      case: 'an hour slot of 24',
      input: { name: 'default', timeInWeek: [{ day: 'Monday', hourSlots: [24] }] },
      field: 'timeInWeek[0].hourSlots[0]',
      value: '24',
      message: /from 0 to 23/,
    },
    {
      case: 'a not-allowed time without offset',
      input: {
        name: 'default',
        timeInWeek: [],
        notAllowedTime: [{ start: '2026-12-24T00:00:00', end: '2026-12-26T00:00:00Z' }],
      },
      field: 'notAllowedTime[0].start',
      value: '"2026-12-24T00:00:00"',
      message: /with an offset/,
    },
  ])('refuses $case, naming the field, the value and what is valid', ({ input, field, value, message }) => {
    const result = parseMaintenanceConfiguration(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((candidate) => candidate.field === field);
    expect(problem, JSON.stringify(result.problems)).toBeDefined();
    expect(problem?.value).toBe(value);
    expect(problem?.message).toMatch(message);
  });

  it('reports every problem at once', () => {
    const result = parseMaintenanceConfiguration({
      name: 'default',
      maintenanceWindow: { ...window, durationHours: 30, startTime: '7pm', utcOffset: 'CET' },
    });
    expect(result.ok ? [] : result.problems.map((problem) => problem.field)).toEqual([
      'maintenanceWindow.utcOffset',
      'maintenanceWindow.startTime',
      'maintenanceWindow.durationHours',
    ]);
  });
});
