import { z } from 'zod';
import { parseResourceId } from '../../domain/ResourceId.js';
import { findControlCharacter } from '../rows/normaliseText.js';
import type { TableStorage } from '../TableStorage.js';
import type { TargetGuard } from '../TargetGuard.js';
import { NAME_LENGTH } from '../tables/ScheduleTable.js';
import type { TargetRecord } from '../tables/TargetTable.js';
import { checkPreconditions, writeConditionally } from './preconditions.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from './RequestErrors.js';

const body = z
  .object({
    resourceId: z.string().max(1024),
    schedule: z.string().max(NAME_LENGTH),
    enabled: z.boolean().optional(),
    allowAksManagedScaleSet: z.boolean().optional(),
    description: z.string().max(1000).optional(),
  })
  .strict();

/**
 * Registering targets through the API, as a Targets row would: create, or replace with If-Match;
 * delete with If-Match. The same checks as rows people type: a known schedule, a resource of a kind
 * the app handles, and no resource registered twice.
 */
export class TargetRegistrationService {
  constructor(private readonly deps: { storage: TableStorage; guard?: TargetGuard }) {}

  async put(
    name: string,
    input: unknown,
    ifMatch: string | undefined,
    ifNoneMatch: string | undefined,
  ): Promise<{ created: boolean; etag: string }> {
    const record = await this.validate(name, input);
    const { targets } = this.deps.storage;
    const current = await targets.get(name);
    const what = `target "${name}"`;
    checkPreconditions(what, current, ifMatch, ifNoneMatch);
    const etag = await writeConditionally(what, () =>
      current
        ? targets.replace({ ...record, ...(current.row ? { row: current.row } : {}) }, ifMatch ?? '')
        : targets.create(record),
    );
    return { created: !current, etag };
  }

  /** Unregisters a target; its state and override go with it, so nothing of it is acted on again. */
  async delete(name: string, ifMatch: string | undefined): Promise<void> {
    const { targets, state, overrides } = this.deps.storage;
    const current = await targets.get(name);
    if (!current) throw new NotFoundError(`there is no registered target named "${name}"`);
    const what = `target "${name}"`;
    checkPreconditions(what, current, ifMatch);
    await writeConditionally(what, () => targets.delete(current, ifMatch));
    await Promise.all([state.delete(name), overrides.delete(name)]);
  }

  private async validate(name: string, input: unknown): Promise<TargetRecord> {
    const errors: FieldError[] = [];
    if (
      name.trim() === '' ||
      name.length > NAME_LENGTH ||
      name !== name.trim() ||
      findControlCharacter(name) ||
      name.startsWith('tag:')
    ) {
      errors.push({
        field: 'name',
        value: name,
        message: `a target name has 1 to ${NAME_LENGTH} characters, no surrounding spaces or control characters, and does not start with "tag:"`,
      });
    }
    const parsed = body.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError([
        ...errors,
        ...parsed.error.issues.map((issue) => ({
          field: issue.path.join('.') || 'body',
          value: issue.path.length > 0 ? (input as Record<string, unknown>)[String(issue.path[0])] : input,
          message: issue.message,
        })),
      ]);
    }
    const resource = parseResourceId(parsed.data.resourceId);
    if (!resource.ok)
      errors.push({ field: 'resourceId', value: parsed.data.resourceId, message: resource.message });
    const schedule = await this.deps.storage.schedules.get(parsed.data.schedule.trim());
    if (!schedule)
      errors.push({
        field: 'schedule',
        value: parsed.data.schedule,
        message: `there is no schedule named "${parsed.data.schedule}"; create it first (PUT /api/schedules/{name})`,
      });
    // Outside the allowed scopes, or protected from stopping: never registered (docs/security.md).
    const refusal = resource.ok ? await this.deps.guard?.refusal(resource.resourceId, 'register') : undefined;
    if (refusal) errors.push({ field: 'resourceId', value: parsed.data.resourceId, message: refusal });
    if (errors.length > 0 || !resource.ok) throw new ValidationError(errors);
    const others = (await this.deps.storage.targets.load()).records.filter(
      (target) =>
        target.resourceId.key === resource.resourceId.key && target.name.toLowerCase() !== name.toLowerCase(),
    );
    if (others.length > 0)
      throw new ConflictError(
        `${resource.resourceId.id} is already registered as ${others.map((target) => `"${target.name}"`).join(', ')}; a resource is registered once`,
      );
    return {
      name,
      resourceId: resource.resourceId,
      scheduleName: schedule?.name ?? parsed.data.schedule,
      enabled: parsed.data.enabled ?? true,
      allowAksManagedScaleSet: parsed.data.allowAksManagedScaleSet ?? false,
      ...(parsed.data.description !== undefined ? { description: parsed.data.description } : {}),
    };
  }
}
