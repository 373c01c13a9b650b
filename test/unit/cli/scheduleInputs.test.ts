import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/runCli.js';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('schedule edge cases on the command line', () => {
  it('validate accepts a reversed absolute range, as kube-downscaler does, and warns', async () => {
    expect(await cli('validate', '2027-01-04T00:00:00+09:00-2026-12-24T00:00:00+09:00')).toEqual({
      code: 0,
      stdout: 'ok\n',
      stderr:
        'warning: Uptime item 1 "2027-01-04T00:00:00+09:00-2026-12-24T00:00:00+09:00": the range ends before it starts, so it never matches (kube-downscaler reads it the same way); swap the two ends if you meant the time between them\n',
    });
  });

  it.each([
    [
      '2019-04-01T24:00:00+00:00-2019-04-02T06:00:00+00:00',
      'Uptime item 1 "2019-04-01T24:00:00+00:00-2019-04-02T06:00:00+00:00" at position 1: "2019-04-01T24:00:00+00:00" is not a valid date and time: hour 24 is out of range; hours go from 00 to 23; write 00:00 of the next day',
    ],
    [
      '2019-04-01T10:00:00+24:00-2019-04-02T06:00:00+00:00',
      'Uptime item 1 "2019-04-01T10:00:00+24:00-2019-04-02T06:00:00+00:00" at position 1: "2019-04-01T10:00:00+24:00" is not a valid date and time: the offset +24:00 is out of range; offsets go from -14:00 to +14:00',
    ],
  ])('validate refuses %s', async (spec, message) => {
    expect(await cli('validate', spec)).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  it("preview reads --from and --to as the API reads from and to: dates are midnight in the schedule's zone", async () => {
    const result = await cli(
      'preview',
      'Mon-Fri 08:00-20:00 Europe/Berlin',
      '--from',
      '2026-11-23',
      '--to',
      '2026-11-24T00:00:00+01:00',
      '--json',
    );
    expect(JSON.parse(result.stdout)).toMatchObject({
      from: '2026-11-23T00:00:00+01:00',
      to: '2026-11-24T00:00:00+01:00',
      hoursUp: 12,
    });
  });

  it('preview refuses a range longer than the API allows', async () => {
    expect(await cli('preview', 'always', '--from', '2026-01-01', '--to', '2028-01-01')).toEqual({
      code: 2,
      stdout: '',
      stderr: '--to "2028-01-01" is too far from --from: a preview spans at most 366 days\n',
    });
  });

  it('eval refuses hour 24', async () => {
    expect((await cli('eval', '--at', '2026-11-26T24:00:00Z', 'always')).code).toBe(2);
  });
});
