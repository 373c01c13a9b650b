import type { ObservedState } from './PowerState.js';

/** The raw fields Azure reports: AKS `powerState.code` + `provisioningState`, or VM power-state codes. */
export interface RawPowerState {
  /** AKS: `Running` | `Stopped`. Scale sets: `PowerState/running`, `PowerState/deallocated`, … */
  powerState?: string;
  /** `Succeeded`, `Failed`, `Starting`, `Stopping`, `Updating`, `Scaling`, … */
  provisioningState?: string;
}

const TRANSITIONAL_PROVISIONING: Record<string, ObservedState> = {
  starting: 'starting',
  stopping: 'stopping',
  deallocating: 'stopping',
};

const POWER_CODES: Record<string, ObservedState> = {
  running: 'running',
  stopped: 'stopped',
  deallocated: 'stopped',
  starting: 'starting',
  stopping: 'stopping',
  deallocating: 'stopping',
};

/**
 * One vocabulary for the three kinds of target. A provisioning state other than Succeeded means an
 * operation is under way (or failed), so the power code alone cannot be trusted until it settles.
 */
export function normaliseObservedState(raw: RawPowerState): ObservedState {
  const provisioning = raw.provisioningState?.trim().toLowerCase() ?? 'succeeded';
  if (provisioning === 'failed') return 'failed';
  const transitional = TRANSITIONAL_PROVISIONING[provisioning];
  if (transitional) return transitional;
  if (provisioning !== 'succeeded') return 'unknown';
  const code =
    raw.powerState
      ?.trim()
      .toLowerCase()
      .replace(/^powerstate\//, '') ?? '';
  return POWER_CODES[code] ?? 'unknown';
}
