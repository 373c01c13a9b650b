import { definition as audit } from '../functions/audit.js';
import { definition as execute } from '../functions/execute.js';
import { definition as health } from '../functions/health.js';
import { definition as noticeLink } from '../functions/noticeLink.js';
import { definition as notify } from '../functions/notify.js';
import { definition as openapi } from '../functions/openapi.js';
import { definition as poisonActions } from '../functions/poisonActions.js';
import { definition as reconcile } from '../functions/reconcile.js';
import { definition as savings } from '../functions/savings.js';
import { definition as schedule } from '../functions/schedule.js';
import { definition as schedulePreview } from '../functions/schedulePreview.js';
import { definition as schedulesList } from '../functions/schedulesList.js';
import { definition as target } from '../functions/target.js';
import { definition as targetOverride } from '../functions/targetOverride.js';
import { definition as targetPower } from '../functions/targetPower.js';
import { definition as targetPreview } from '../functions/targetPreview.js';
import { definition as targetsList } from '../functions/targetsList.js';
import { definition as statusPage } from '../functions/statusPage.js';
import { definition as whoAmI } from '../functions/whoAmI.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';

/** Every function the app registers, for the local runner and the tests (the host finds them by the `main` glob). */
export const FUNCTIONS: readonly FunctionDefinition[] = [
  reconcile,
  execute,
  poisonActions,
  targetsList,
  target,
  targetOverride,
  targetPower,
  targetPreview,
  schedulesList,
  schedule,
  schedulePreview,
  audit,
  savings,
  health,
  openapi,
  whoAmI,
  statusPage,
  notify,
  noticeLink,
];
