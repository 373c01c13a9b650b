import { describe, expect, it } from 'vitest';
import { normaliseObservedState, type RawPowerState } from '../../../shared/domain/normaliseObservedState.js';

describe('normaliseObservedState', () => {
  it.each<[RawPowerState, string]>([
    [{ powerState: 'Running', provisioningState: 'Succeeded' }, 'running'],
    [{ powerState: 'Stopped', provisioningState: 'Succeeded' }, 'stopped'],
    [{ powerState: 'Running', provisioningState: 'Stopping' }, 'stopping'],
    [{ powerState: 'Stopped', provisioningState: 'Starting' }, 'starting'],
    [{ powerState: 'Running', provisioningState: 'Failed' }, 'failed'],
    [{ powerState: 'Running', provisioningState: 'Updating' }, 'unknown'],
    [{ powerState: 'Running', provisioningState: 'Scaling' }, 'unknown'],
    [{ powerState: 'PowerState/running' }, 'running'],
    [{ powerState: 'PowerState/deallocated' }, 'stopped'],
    [{ powerState: 'PowerState/deallocating' }, 'stopping'],
    [{ powerState: 'PowerState/starting' }, 'starting'],
    [{ powerState: ' running ', provisioningState: ' succeeded ' }, 'running'],
    [{}, 'unknown'],
    [{ powerState: 'Hibernated' }, 'unknown'],
  ])('%o is %s', (raw, expected) => {
    expect(normaliseObservedState(raw)).toBe(expected);
  });
});
