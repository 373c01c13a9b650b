import functions from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { handleHttp, json } from '../shared/http/handleHttp.js';
import { securityWarnings } from '../shared/securityWarnings.js';
import { maintenanceHealth } from '../shared/app/maintenance/maintenanceHealth.js';
import type { Health } from '../shared/contract/Health.js';

/** GET /api/health: storage reachable, the last tick, the settings that change behaviour, and maintenance alerts. */
export const health = handleHttp(async () => {
  const services = await getServices();
  const states = await services.storage.state.load();
  const lastTick = Math.max(0, ...[...states.values()].map((state) => state.updatedAt));
  return json(200, {
    status: 'ok',
    storage: 'reachable',
    dryRun: services.config.dryRun,
    tick: services.config.tick,
    targetsWithState: states.size,
    lastStateChange: lastTick > 0 ? new Date(lastTick).toISOString() : null,
    warnings: securityWarnings(services.config),
    maintenance: maintenanceHealth(states.values()),
  } satisfies Health);
});

export const definition = {
  name: 'health',
  trigger: 'http' as const,
  options: { methods: ['GET'], authLevel: 'function', route: 'health', handler: health },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
