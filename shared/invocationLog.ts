import { AsyncLocalStorage } from 'node:async_hooks';

/** One structured log line (docs/operations.md, "What the app logs"). */
export type LogLine = (line: Record<string, unknown>) => void;

const current = new AsyncLocalStorage<LogLine>();

/**
 * Runs `work` with `log` as the logger of the invocation under way, so the services' log lines reach
 * the Functions host through the invocation's context (correlated, sampled and counted as the host's
 * traces) rather than through console.log.
 */
export function withInvocationLog<T>(log: LogLine, work: () => Promise<T>): Promise<T> {
  return current.run(log, work);
}

/** A log that writes to the current invocation's logger, or to `outside` when no invocation runs. */
export function invocationLog(outside: LogLine): LogLine {
  return (line) => (current.getStore() ?? outside)(line);
}

/** The invocation's own logger as a `LogLine`: warnings as warnings, everything else as information. */
export function contextLogLine(context: {
  log: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
}): LogLine {
  return (line) => {
    if (line['event'] === 'warning') context.warn(JSON.stringify(line));
    else context.log(JSON.stringify(line));
  };
}
