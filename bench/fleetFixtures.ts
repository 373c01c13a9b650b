import type { DecisionMemory } from '../shared/domain/DecisionMemory.js';
import { Schedule } from '../shared/domain/Schedule.js';
import type { TargetFacts } from '../shared/domain/TargetFacts.js';

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/Los_Angeles',
  'Europe/London',
  'UTC',
  'America/Sao_Paulo',
  'Australia/Lord_Howe',
];
const HOLIDAYS = ['', 'JP', 'US-CA', 'DE-BY', 'GB', ''];

/** 100 realistic, distinct schedules: office hours in ten zones, some with holidays, weekends, overnight windows. */
export function benchmarkSchedules(count = 100): Schedule[] {
  return Array.from({ length: count }, (_, index) => {
    const zone = ZONES[index % ZONES.length] ?? 'UTC';
    const startHour = 6 + (index % 4);
    const endHour = 18 + (index % 5);
    const items = [
      `Mon-Fri ${String(startHour).padStart(2, '0')}:${String((index * 15) % 60).padStart(2, '0')}-${endHour}:00`,
    ];
    if (index % 3 === 0) items.push('Sat 10:00-14:00');
    if (index % 7 === 0) items.push('Sun-Thu 22:00-02:00');
    return Schedule.compile({
      name: `schedule-${index}`,
      uptime: items.join(', '),
      timeZone: zone,
      holidays: HOLIDAYS[index % HOLIDAYS.length] ?? '',
      enforce: index % 10 === 0,
    });
  });
}

export interface BenchmarkTarget {
  facts: TargetFacts;
  schedule: Schedule;
  memory: DecisionMemory;
}

/** `count` node pools spread evenly over the schedules, each remembered as up at the last tick. */
export function benchmarkTargets(schedules: readonly Schedule[], count = 10_000): BenchmarkTarget[] {
  return Array.from({ length: count }, (_, index) => ({
    facts: {
      id: `/subscriptions/sub-${index % 10}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c${index % 100}/agentPools/pool${index}`,
      kind: 'nodepool',
      registered: true,
    },
    schedule: schedules[index % schedules.length] as Schedule,
    memory: { firstSeenAt: 0, lastDesired: 'running' },
  }));
}
