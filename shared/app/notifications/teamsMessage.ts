import { TARGETS_WITH_LINKS, type NoticeMessage } from './NoticeMessage.js';

/**
 * A notice for a Microsoft Teams Workflows webhook ("Post to a channel when a webhook request is
 * received"): a message whose attachment is an Adaptive Card 1.4, with an ActionSet of
 * Action.OpenUrl buttons per target.
 */
export function teamsMessage(notice: NoticeMessage): Record<string, unknown> {
  const shown = notice.targets.slice(0, TARGETS_WITH_LINKS);
  const rest = notice.targets.slice(TARGETS_WITH_LINKS);
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: notice.title, weight: 'Bolder', size: 'Medium', wrap: true },
    {
      type: 'TextBlock',
      text: 'AKS Off-Hours: the buttons keep a target running or skip its stop.',
      isSubtle: true,
      wrap: true,
    },
  ];
  for (const target of shown) {
    body.push({
      type: 'Container',
      separator: true,
      items: [
        { type: 'TextBlock', text: target.name, weight: 'Bolder', wrap: true },
        {
          type: 'FactSet',
          facts: [
            { title: 'Stops', value: target.stopLocal },
            { title: 'Schedule', value: target.scheduleName },
            { title: 'Resource', value: target.resourceId },
          ],
        },
        {
          type: 'ActionSet',
          actions: target.links.map((link) => ({ type: 'Action.OpenUrl', title: link.label, url: link.url })),
        },
      ],
    });
  }
  if (rest.length > 0)
    body.push({
      type: 'TextBlock',
      text: `… and ${rest.length} more: ${rest.map((target) => target.name).join(', ')}`,
      wrap: true,
    });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}
