import { changesIn } from '../../shared/app/operations/ChangeMessage.js';
import type { ChangeRequest } from '../../shared/app/operations/ChangeRequest.js';

/** The changes a queue message's text carries (one, or several due in the same second), as `execute` reads them. */
export function changesOfMessage(messageText: string): ChangeRequest[] {
  const { changes, unreadable } = changesIn(JSON.parse(Buffer.from(messageText, 'base64').toString('utf8')));
  if (unreadable.length > 0) throw new Error(`unreadable changes: ${JSON.stringify(unreadable)}`);
  return changes;
}
