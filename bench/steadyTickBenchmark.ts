import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The Node options the deployment gives the Functions worker (`languageWorkers__node__arguments` in
 * infra/main.bicep), read from the template so the benchmark measures what is deployed.
 */
export function deployedNodeArguments(): string[] {
  const bicep = readFileSync(new URL('../../infra/main.bicep', import.meta.url), 'utf8');
  const match = /name: 'languageWorkers__node__arguments', value: '([^']*)'/.exec(bicep);
  if (!match?.[1]) throw new Error('infra/main.bicep sets no languageWorkers__node__arguments');
  return match[1].split(/\s+/);
}

/**
 * Issue 17's tick goal: a steady reconcile tick (nothing to change) at `size` targets, measured in an
 * app process of its own (`bench/steadyTickApp.ts`) twice: with Node's default heap for this machine
 * and with the heap the deployment sets (docs/architecture.md, Memory and tick time). Each prints the tick's wall
 * time, where it goes, and the app process's peak RSS.
 */
export async function steadyTickFigures(size: number): Promise<string[]> {
  const lines: string[] = [];
  const deployed = deployedNodeArguments();
  for (const [execArgv, label] of [
    [[], "Node's default heap for this machine"],
    [deployed, `the deployment's Node options (${deployed.join(' ')})`],
  ] as const) {
    const app = fork(fileURLToPath(new URL('./steadyTickApp.js', import.meta.url)), [String(size), label], {
      execArgv: [...execArgv],
    });
    const [report] = (await once(app, 'message')) as [string[]];
    await once(app, 'exit');
    lines.push(...report);
  }
  return lines;
}
