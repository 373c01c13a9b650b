import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { operatorRoleDefinition, REQUIRED_PERMISSIONS } from '../../../shared/azure/requiredPermissions.js';

const docs = await readFile(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');

describe('docs/permissions.md', () => {
  it('lists every action the app needs, with why, and no other', () => {
    const documented = [...docs.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)].map(([, action, why]) => ({
      action,
      why,
    }));
    expect(documented).toEqual(REQUIRED_PERMISSIONS);
  });

  it('shows the custom role exactly as the code builds it', () => {
    const json = /```json\n([\s\S]+?)\n```/.exec(docs)?.[1];
    expect(JSON.parse(json ?? '{}')).toEqual(operatorRoleDefinition(['/subscriptions/<subscription-id>']));
  });
});
