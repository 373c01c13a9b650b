import { TARGETS_WITH_LINKS, type NoticeMessage } from './NoticeMessage.js';

/** Slack limits: header text 150 characters, button text 75, a section's text 3000. */
const cut = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
/** Slack's mrkdwn needs &, < and > escaped (https://api.slack.com/reference/surfaces/formatting#escaping). */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A notice as a Slack incoming-webhook message: Block Kit (a header, per target a section and an
 * actions block of link buttons) with `text` as the notification fallback.
 */
export function slackMessage(notice: NoticeMessage): Record<string, unknown> {
  const shown = notice.targets.slice(0, TARGETS_WITH_LINKS);
  const rest = notice.targets.slice(TARGETS_WITH_LINKS);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(notice.title, 150), emoji: false } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'AKS Off-Hours: the links below keep a target running or skip its stop.',
        },
      ],
    },
  ];
  shown.forEach((target, index) => {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cut(
          `*${escape(target.name)}* (schedule ${escape(target.scheduleName)})\nstops ${escape(target.stopLocal)}\n\`${escape(target.resourceId)}\``,
          3000,
        ),
      },
    });
    blocks.push({
      type: 'actions',
      block_id: `target-${index}`,
      elements: target.links.map((link) => ({
        type: 'button',
        action_id: `${link.action}-${index}`,
        text: { type: 'plain_text', text: cut(link.label, 75), emoji: false },
        url: link.url,
        ...(link.action === 'keep-1h' ? { style: 'primary' } : {}),
      })),
    });
  });
  if (rest.length > 0)
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cut(`… and ${rest.length} more: ${rest.map((target) => escape(target.name)).join(', ')}`, 3000),
      },
    });
  return { text: notice.title, blocks };
}
