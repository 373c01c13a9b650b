import { z } from 'zod';
import type { ChangeRequest } from './ChangeRequest.js';

/**
 * What one message on the `offhours-actions` queue carries: one change (a `ChangeRequest` itself, as
 * every message did before messages carried several), or several changes due in the same second
 * (docs/architecture.md, The queue's messages). Both are read; a single change is still written alone.
 */
export type ChangeMessage = ChangeRequest | { changes: ChangeRequest[] };

const scale = z.object({
  count: z.number(),
  enableAutoScaling: z.boolean(),
  minCount: z.number().optional(),
  maxCount: z.number().optional(),
});

// Every field the savings report prices on is kept: an object schema drops the keys it does not name.
const footprint = z.object({
  location: z.string(),
  nodes: z.array(
    z.object({
      vmSize: z.string(),
      count: z.number(),
      os: z.literal('Windows').optional(),
      licence: z.literal('Windows_Server').optional(),
      priority: z.literal('Spot').optional(),
    }),
  ),
  tier: z.enum(['Standard', 'Premium']).optional(),
});

const changeRequest = z.object({
  targetName: z.string().min(1),
  resourceId: z.string().min(1),
  action: z.enum(['start', 'stop']),
  transitionKey: z.string().min(1),
  scaleBeforeStop: scale.optional(),
  footprintBeforeStop: footprint.optional(),
  reason: z.string(),
  actor: z.string(),
  requestedAt: z.number(),
});

/** The message for these changes: the change itself when there is one. */
export function changeMessageOf(requests: readonly ChangeRequest[]): ChangeMessage {
  const [only] = requests;
  return requests.length === 1 && only ? only : { changes: [...requests] };
}

/** A change in a message that cannot be carried out, and why. */
export interface UnreadableChange {
  /** Its place in the message's `changes` (0 for a message of one change). */
  index: number;
  /** What it says it is, as far as that can be read: for the audit entry. */
  targetName?: string;
  problems: string;
}

/**
 * The changes a message carries, each checked on its own: one unreadable change does not stop the
 * others of its message.
 */
export function changesIn(item: unknown): { changes: ChangeRequest[]; unreadable: UnreadableChange[] } {
  const listed = changesListedIn(item);
  const changes: ChangeRequest[] = [];
  const unreadable: UnreadableChange[] = [];
  listed.forEach((candidate, index) => {
    const parsed = changeRequest.safeParse(candidate);
    if (parsed.success) changes.push(withoutUndefined(parsed.data));
    else {
      const targetName = isRecord(candidate) ? candidate['targetName'] : undefined;
      unreadable.push({
        index,
        ...(typeof targetName === 'string' && targetName !== '' ? { targetName } : {}),
        problems: parsed.error.issues
          .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
          .join('; '),
      });
    }
  });
  if (listed.length === 0) unreadable.push({ index: 0, problems: 'changes: the list is empty' });
  return { changes, unreadable };
}

/** What a message lists as its changes, unchecked: its `changes`, or the message itself as its one change. */
export function changesListedIn(item: unknown): unknown[] {
  return isRecord(item) && Array.isArray(item['changes']) ? (item['changes'] as unknown[]) : [item];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** zod's output types optional fields as `T | undefined`; the JSON it read never holds undefined. */
function withoutUndefined(parsed: z.infer<typeof changeRequest>): ChangeRequest {
  return parsed as ChangeRequest;
}
