/**
 * kube-downscaler's matching rules, transcribed for comparison (its `matches_time_spec`):
 * recurring `DDD-DDD HH:MM-HH:MM Zone` items match when the local weekday is in the (possibly
 * wrapping) range and start <= local minute < end; absolute items match when start <= t <= end.
 * Local time comes straight from Intl, independently of the code under test.
 */
const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const RECURRING = /^([a-zA-Z]{3})-([a-zA-Z]{3}) (\d\d):(\d\d)-(\d\d):(\d\d) ([a-zA-Z/_]+)$/;
const ISO = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:\d{2}`;
const ABSOLUTE = new RegExp(`^(${ISO})-(${ISO})$`);

function localReading(instant: number, zone: string): { weekday: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return {
    weekday: WEEKDAYS.indexOf(part('weekday').toUpperCase()),
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

export function kubeDownscalerMatches(instant: number, spec: string): boolean {
  if (spec.toLowerCase() === 'always') return true;
  if (spec.toLowerCase() === 'never') return false;
  for (const item of spec.split(',').map((text) => text.trim())) {
    const recurring = RECURRING.exec(item);
    if (recurring) {
      const [, from = '', to = '', h1, m1, h2, m2, zone = ''] = recurring;
      const { weekday, minutes } = localReading(instant, zone);
      const dayFrom = WEEKDAYS.indexOf(from.toUpperCase());
      const dayTo = WEEKDAYS.indexOf(to.toUpperCase());
      const dayMatches =
        dayFrom > dayTo ? weekday >= dayFrom || weekday <= dayTo : dayFrom <= weekday && weekday <= dayTo;
      const minuteFrom = Number(h1) * 60 + Number(m1);
      const minuteTo = Number(h2) * 60 + Number(m2);
      if (dayMatches && minuteFrom <= minutes && minutes < minuteTo) return true;
      continue;
    }
    const absolute = ABSOLUTE.exec(item);
    if (!absolute) throw new Error(`reference: not a kube-downscaler spec: ${item}`);
    if (Date.parse(absolute[1] ?? '') <= instant && instant <= Date.parse(absolute[2] ?? '')) return true;
  }
  return false;
}
