import { describe, expect, it } from 'vitest';
import { formatIsoDate } from '../../../../shared/domain/maintenance/civilCalendar.js';
import {
  calendarCellDay,
  KUBERNETES_SUPPORT_CALENDAR,
  kubernetesMinor,
  kubernetesSupportStatus,
} from '../../../../shared/domain/maintenance/kubernetesSupport.js';
import { DAY_MS } from '../../../../shared/domain/time.js';

const at = (iso: string) => Date.parse(iso);
const TODAY = at('2026-12-05T12:00Z');

describe('the AKS release calendar', () => {
  it.each([
    { cell: 'Mar 2026', date: '2026-03-31' },
    { cell: 'Nov 2026', date: '2026-11-30' },
    { cell: 'Feb 2028', date: '2028-02-29' },
    { cell: 'Aug 22, 2025', date: '2025-08-22' },
    { cell: 'Nov 1, 2025', date: '2025-11-01' },
  ])('reads "$cell" as $date (a month alone means its last day)', ({ cell, date }) => {
    expect(formatIsoDate(calendarCellDay(cell))).toBe(date);
  });

  it('has every minor from 1.29 to 1.37 once, each ending after it became GA, LTS a year after the regular end', () => {
    expect(KUBERNETES_SUPPORT_CALENDAR.map((row) => row.minor)).toEqual([
      '1.29',
      '1.30',
      '1.31',
      '1.32',
      '1.33',
      '1.34',
      '1.35',
      '1.36',
      '1.37',
    ]);
    for (const row of KUBERNETES_SUPPORT_CALENDAR) {
      expect(row.source).toMatch(
        /^https:\/\/learn\.microsoft\.com\/azure\/aks\/supported-kubernetes-versions#/,
      );
      expect(row.endOfSupport).toBe((calendarCellDay(row.asWritten.endOfLife) + 1) * DAY_MS);
      expect(calendarCellDay(row.asWritten.endOfLife)).toBeGreaterThan(calendarCellDay(row.asWritten.aksGa));
      expect(row.ltsEndOfSupport! - row.endOfSupport!).toBeGreaterThan(240 * DAY_MS);
    }
  });
});

describe('kubernetesSupportStatus', () => {
  it.each([
    { version: '1.29.15', status: 'unsupported', lts: 'unsupported' },
    { version: '1.30.14', status: 'unsupported', lts: 'unsupported' },
    { version: '1.31.13', status: 'unsupported', lts: 'unsupported' },
    { version: '1.32.9', status: 'unsupported', lts: 'supported' },
    { version: '1.33.5', status: 'unsupported', lts: 'supported' },
    { version: '1.34.1', status: 'unsupported', lts: 'supported' },
    { version: '1.35.0', status: 'supported', lts: 'supported' },
    { version: '1.36.2', status: 'supported', lts: 'supported' },
    { version: '1.37.1', status: 'supported', lts: 'supported' },
    { version: '1.38.0', status: 'unknown', lts: 'unknown' },
    { version: '1.27.9', status: 'unsupported', lts: 'unsupported' },
    { version: 'latest', status: 'unknown', lts: 'unknown' },
  ])('on 2026-12-05, $version is $status ($lts with Long Term Support)', ({ version, status, lts }) => {
    expect(kubernetesSupportStatus(version, TODAY).status).toBe(status);
    expect(kubernetesSupportStatus(version, TODAY, { longTermSupport: true }).status).toBe(lts);
  });

  it('says when and where: 1.34 ended on 2026-11-30 with platform support until 1.38 GA', () => {
    expect(kubernetesSupportStatus('1.34.1', TODAY)).toEqual({
      status: 'unsupported',
      endOfSupport: at('2026-12-01T00:00Z'),
      reason:
        'Kubernetes 1.34 reached its end of life on 2026-11-30; in platform support only, until 1.38 GA (https://learn.microsoft.com/azure/aks/supported-kubernetes-versions#aks-kubernetes-release-calendar-and-upcoming-versions)',
    });
  });

  it.each([
    { now: '2027-02-28T23:59:59.999Z', status: 'supported' },
    { now: '2027-03-02T00:00Z', status: 'ending' },
    { now: '2027-03-31T23:59:59.999Z', status: 'ending' },
    { now: '2027-04-01T00:00Z', status: 'unsupported' },
  ])('1.35 (end of life Mar 2027) at $now is $status with 30 days of warning', ({ now, status }) => {
    expect(kubernetesSupportStatus('1.35.3', at(now)).status).toBe(status);
  });

  it('is ending from exactly warnDays before the end, not a millisecond earlier', () => {
    const end = at('2027-04-01T00:00Z');
    expect(kubernetesSupportStatus('1.35', end - 10 * DAY_MS, { warnDays: 10 }).status).toBe('ending');
    expect(kubernetesSupportStatus('1.35', end - 10 * DAY_MS - 1, { warnDays: 10 }).status).toBe('supported');
    expect(kubernetesSupportStatus('1.35', end - 10 * DAY_MS, { warnDays: 10 }).reason).toContain(
      'in 10 days',
    );
  });

  it('an explicit end-of-life date is that day: 1.30 ends with 22 August 2025', () => {
    expect(kubernetesSupportStatus('1.30.0', at('2025-08-22T23:59Z')).status).toBe('ending');
    expect(kubernetesSupportStatus('1.30.0', at('2025-08-23T00:00Z')).status).toBe('unsupported');
  });

  it('a minor the region no longer offers is unsupported whatever the calendar says', () => {
    const result = kubernetesSupportStatus('1.35.1', TODAY, { supportedMinors: ['1.36.0', '1.37'] });
    expect(result.status).toBe('unsupported');
    expect(result.reason).toContain(
      "AKS no longer offers Kubernetes 1.35 in the cluster's region (it offers 1.36, 1.37)",
    );
    expect(kubernetesSupportStatus('1.35.1', TODAY, { supportedMinors: ['1.35', '1.36'] }).status).toBe(
      'supported',
    );
  });

  it('a minor the region offers but the calendar lacks is supported, without a date', () => {
    expect(kubernetesSupportStatus('1.38.0', TODAY, { supportedMinors: ['1.36', '1.37', '1.38'] })).toEqual({
      status: 'supported',
      reason: expect.stringContaining('gives no end of life yet'),
    });
  });

  it.each([
    ['1.35.1', '1.35'],
    ['v1.35.1', '1.35'],
    ['1.35', '1.35'],
    ['1.35.1-hotfix.20260101', '1.35'],
    [' 1.9.0 ', '1.9'],
    ['1', undefined],
    ['1.35.x', undefined],
  ])('reads the minor of %j as %j', (version, minor) => {
    expect(kubernetesMinor(version)).toBe(minor);
  });

  it('over two years, day by day, each minor only moves supported → ending → unsupported', () => {
    const order = ['supported', 'ending', 'unsupported'];
    for (const { minor } of KUBERNETES_SUPPORT_CALENDAR) {
      let previous = 0;
      for (let day = at('2025-06-01T00:00Z'); day < at('2027-06-01T00:00Z'); day += DAY_MS) {
        const rank = order.indexOf(kubernetesSupportStatus(minor, day).status);
        expect(rank).toBeGreaterThanOrEqual(previous);
        previous = rank;
      }
    }
  });
});
