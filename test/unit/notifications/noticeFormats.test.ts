import { describe, expect, it } from 'vitest';
import { cloudEvent } from '../../../shared/app/notifications/cloudEvent.js';
import type { NoticeMessage } from '../../../shared/app/notifications/NoticeMessage.js';
import { slackMessage } from '../../../shared/app/notifications/slackMessage.js';
import { teamsMessage } from '../../../shared/app/notifications/teamsMessage.js';
import {
  expectCloudEvent,
  expectSlackBlockKit,
  expectTeamsAdaptiveCard,
} from '../../helpers/noticeFormats.js';

function notice(targets: number): NoticeMessage {
  return {
    id: 'team/2026-11-26T11:00:00.000Z',
    channel: 'team',
    stopAt: Date.parse('2026-11-26T11:00:00Z'),
    title: `${targets} targets will be stopped at 20:00 Asia/Tokyo (in 30 min)`,
    targets: Array.from({ length: targets }, (_, index) => ({
      name: `pool-<${index}>&`,
      resourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/agentPools/p${index}`,
      scheduleName: 'office',
      stopLocal: 'Thu 2026-11-26 20:00 Asia/Tokyo',
      links: (['keep-1h', 'keep-until', 'skip-stop'] as const).map((action) => ({
        action,
        label: action,
        url: `https://offhours.example/api/notices/pool-${index}/${action}?token=${'x'.repeat(300)}`,
      })),
    })),
  };
}

describe('notice formats', () => {
  it('Slack: Block Kit with a link button per action and target, mrkdwn escaped', () => {
    const message = slackMessage(notice(2));
    const buttons = expectSlackBlockKit(message);
    expect(buttons).toHaveLength(6);
    expect(JSON.stringify(message)).toContain('pool-&lt;0&gt;&amp;');
  });

  it('Slack: stays within 50 blocks however many targets, naming the rest', () => {
    const message = slackMessage(notice(60));
    expectSlackBlockKit(message);
    expect(JSON.stringify(message)).toContain('… and 40 more');
  });

  it('Teams: an Adaptive Card attachment with Action.OpenUrl buttons', () => {
    const actions = expectTeamsAdaptiveCard(teamsMessage(notice(3)));
    expect(actions.map((action) => action.title)).toHaveLength(9);
  });

  it('CloudEvents: the required attributes and every target with its links', () => {
    const event = cloudEvent(notice(60), 'urn:aks-offhours', Date.parse('2026-11-26T10:30:00Z'));
    expectCloudEvent(event);
    expect((event['data'] as { targets: unknown[] }).targets).toHaveLength(60);
  });
});
