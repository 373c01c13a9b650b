import { forPeople } from '../shared/domain/forPeople.js';

/**
 * `npm start`'s console: one short line per tick and one per action, in plain words. The full JSON
 * lines (one per decision, as the app logs them in Azure) go to the log file, and to the console with
 * `--verbose`. Returns undefined for a record that is not worth a console line.
 */
export function consoleLine(record: Record<string, unknown>): string | undefined {
  const text = (name: string) => (typeof record[name] === 'string' ? record[name] : '');
  // A decision's reason as a person reads it (no internal words, instants in UTC like the clock).
  const reason = () => forPeople(text('reason'), 'UTC');
  switch (record['event']) {
    case 'tick': {
      const enqueued = Number(record['enqueued'] ?? 0);
      const problems = Number(record['problems'] ?? 0);
      return `${clock(text('at'))} checked ${plural(Number(record['targets'] ?? 0), 'target')}: ${
        enqueued === 0 ? 'nothing to change' : `${plural(enqueued, 'change')} queued`
      }${problems === 0 ? '' : `, ${plural(problems, 'problem')} (GET /api/targets lists them)`}`;
    }
    case 'decision':
      if (record['refused'] === true) return `${text('target')}: not changed: ${reason()}`;
      if (record['action'] === 'start' || record['action'] === 'stop')
        return `${text('target')}: ${text('action')} queued: ${reason()}`;
      return undefined;
    case 'execute':
      return outcomeLine(text('target'), text('action'), text('result'), text('message'));
    case 'operation':
      return outcomeLine(text('target'), text('action'), text('outcome'), text('message'));
    case 'tick-past-due':
      return `the timer was late: ${text('message')}`;
    case 'warning':
      return `warning: ${text('message')}`;
    case 'notice-sent':
      if (record['failure']) return `failure notice sent to ${text('channel')}: ${list(record['targets'])}`;
      return `notice sent to ${text('channel')} for the stop at ${text('stopLocal') || text('stopAt')}: ${list(record['targets'])}`;
    case 'notice-failed':
      return `notice to ${text('channel')} failed: ${text('message')}`;
    case 'http-error':
      return `HTTP request failed: ${text('url')}: ${text('error')}`;
    default:
      return undefined;
  }
}

/** `dev-user1: stop begun`, with the message when it says more than that. */
function outcomeLine(target: string, action: string, outcome: string, message: string): string {
  const line = `${target}: ${action} ${outcome}`;
  return message && message !== `${action} ${outcome}` ? `${line}: ${message}` : line;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `2026-11-27T02:24:00.018Z` → `02:24:00 UTC`; the timer runs in UTC. */
function clock(iso: string): string {
  const match = /T(\d\d:\d\d:\d\d)/.exec(iso);
  return match ? `${match[1]} UTC` : iso;
}

function list(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(', ') : '';
}
