import { expect } from 'vitest';

/**
 * Each channel's format, checked by its documented rules: Slack Block Kit (api.slack.com/reference/block-kit),
 * the message a Teams Workflows webhook takes (an Adaptive Card attachment; adaptivecards.io), and a
 * CloudEvent 1.0 in structured JSON mode (github.com/cloudevents/spec, json-format.md).
 */
export function expectSlackBlockKit(message: Record<string, unknown>): { url: string; text: string }[] {
  expect(typeof message['text']).toBe('string');
  const blocks = message['blocks'] as Record<string, unknown>[];
  expect(Array.isArray(blocks)).toBe(true);
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(50);
  const buttons: { url: string; text: string }[] = [];
  const actionIds = new Set<string>();
  for (const block of blocks) {
    expect(['header', 'section', 'context', 'actions', 'divider']).toContain(block['type']);
    if (block['type'] === 'header') {
      const text = block['text'] as { type: string; text: string };
      expect(text.type).toBe('plain_text');
      expect(text.text.length).toBeLessThanOrEqual(150);
    }
    if (block['type'] === 'section') {
      const text = block['text'] as { type: string; text: string };
      expect(['mrkdwn', 'plain_text']).toContain(text.type);
      expect(text.text.length).toBeGreaterThan(0);
      expect(text.text.length).toBeLessThanOrEqual(3000);
    }
    if (block['type'] === 'actions') {
      const elements = block['elements'] as Record<string, unknown>[];
      expect(elements.length).toBeGreaterThan(0);
      expect(elements.length).toBeLessThanOrEqual(25);
      for (const element of elements) {
        expect(element['type']).toBe('button');
        const text = element['text'] as { type: string; text: string };
        expect(text.type).toBe('plain_text');
        expect(text.text.length).toBeLessThanOrEqual(75);
        const url = element['url'] as string;
        expect(url.length).toBeLessThanOrEqual(3000);
        expect(() => new URL(url)).not.toThrow();
        const actionId = element['action_id'] as string;
        expect(actionId.length).toBeLessThanOrEqual(255);
        expect(actionIds.has(actionId)).toBe(false);
        actionIds.add(actionId);
        if (element['style'] !== undefined) expect(['primary', 'danger']).toContain(element['style']);
        buttons.push({ url, text: text.text });
      }
    }
  }
  return buttons;
}

export function expectTeamsAdaptiveCard(message: Record<string, unknown>): { url: string; title: string }[] {
  expect(message['type']).toBe('message');
  const attachments = message['attachments'] as Record<string, unknown>[];
  expect(attachments).toHaveLength(1);
  const attachment = attachments[0] as Record<string, unknown>;
  expect(attachment['contentType']).toBe('application/vnd.microsoft.card.adaptive');
  const card = attachment['content'] as Record<string, unknown>;
  expect(card['type']).toBe('AdaptiveCard');
  expect(card['$schema']).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
  expect(card['version']).toMatch(/^1\.[0-5]$/);
  expect(Array.isArray(card['body'])).toBe(true);
  const actions: { url: string; title: string }[] = [];
  const visit = (element: Record<string, unknown>) => {
    expect(typeof element['type']).toBe('string');
    if (element['type'] === 'TextBlock') expect(typeof element['text']).toBe('string');
    if (element['type'] === 'FactSet')
      for (const fact of element['facts'] as Record<string, unknown>[]) {
        expect(typeof fact['title']).toBe('string');
        expect(typeof fact['value']).toBe('string');
      }
    if (element['type'] === 'ActionSet')
      for (const action of element['actions'] as Record<string, unknown>[]) {
        expect(action['type']).toBe('Action.OpenUrl');
        expect(typeof action['title']).toBe('string');
        expect(() => new URL(action['url'] as string)).not.toThrow();
        actions.push({ url: action['url'] as string, title: action['title'] as string });
      }
    for (const child of (element['items'] as Record<string, unknown>[] | undefined) ?? []) visit(child);
  };
  for (const element of card['body'] as Record<string, unknown>[]) visit(element);
  for (const action of (card['actions'] as Record<string, unknown>[] | undefined) ?? [])
    expect(action['type']).toBe('Action.OpenUrl');
  return actions;
}

export function expectCloudEvent(event: Record<string, unknown>): void {
  expect(event['specversion']).toBe('1.0');
  for (const attribute of ['id', 'source', 'type'])
    expect(typeof event[attribute] === 'string' && (event[attribute] as string).length > 0).toBe(true);
  // source is a URI-reference; type is reverse-DNS by convention.
  expect(event['source']).toMatch(/^[a-z][a-z0-9+.-]*:\S+$/i);
  expect(event['datacontenttype']).toBe('application/json');
  expect(typeof event['time']).toBe('string');
  expect(new Date(event['time'] as string).toISOString()).toBe(event['time']);
  expect(typeof event['data']).toBe('object');
  // Attribute names are lower-case letters and digits (CloudEvents 1.0, Naming conventions).
  for (const name of Object.keys(event)) expect(name).toMatch(/^[a-z0-9]{1,20}$/);
}
