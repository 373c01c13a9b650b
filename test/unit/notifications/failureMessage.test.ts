import { describe, expect, it } from 'vitest';
import { renderFailure, type FailureNotice } from '../../../shared/app/notifications/failureMessage.js';
import type { ChannelType } from '../../../shared/app/notifications/NoticeMessage.js';
import {
  expectCloudEvent,
  expectSlackBlockKit,
  expectTeamsAdaptiveCard,
} from '../../helpers/noticeFormats.js';

const notice: FailureNotice = {
  channel: 'ops',
  targetName: 'dev-<a>',
  resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev',
  action: 'stop',
  error: 'OperationNotAllowed: the cluster is being upgraded',
  endedAt: Date.parse('2026-11-26T19:05:00Z'),
  zone: 'Europe/Berlin',
  transitionKey: 'dev-<a>|stop|1795719600000',
};
const render = (type: ChannelType) =>
  JSON.parse(
    renderFailure(
      { name: 'ops', type, url: 'https://example.com' },
      notice,
      'urn:aks-offhours',
      notice.endedAt,
    ).body,
  ) as Record<string, unknown>;

describe('failure notices', () => {
  it('are valid messages of each channel, with the error and no links', () => {
    const slack = render('slack');
    expect(expectSlackBlockKit(slack)).toEqual([]);
    expect(slack['text']).toBe('The stop of dev-<a> failed');
    expect(JSON.stringify(slack)).toContain('OperationNotAllowed');
    expect(expectTeamsAdaptiveCard(render('teams'))).toEqual([]);
    const event = render('webhook');
    expectCloudEvent(event);
    expect(event).toMatchObject({
      type: 'io.github.aks-offhours.operation.failed',
      id: 'ops/dev-<a>|stop|1795719600000',
      data: {
        target: 'dev-<a>',
        action: 'stop',
        error: 'OperationNotAllowed: the cluster is being upgraded',
      },
    });
  });

  it('say when it ended in the schedule’s zone, named, for people; the CloudEvent’s data keeps the instant', () => {
    const chat = JSON.stringify([render('slack'), render('teams')]);
    expect(chat).toContain('Thu 26 Nov 20:05 Europe/Berlin');
    expect(chat).not.toContain('2026-11-26T19:05');
    expect(render('webhook')).toMatchObject({ data: { endedAt: '2026-11-26T19:05:00.000Z' } });
  });
});
