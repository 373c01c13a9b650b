import type { z } from 'zod';

/**
 * One setting, declared once (docs/architecture.md, "Configuration"): its schema, its default, where
 * it lands in the configuration and what the README says about it. The configuration's type, the
 * loader (shared/config.ts) and the README's settings table all come from these declarations.
 */
export interface SettingDeclaration<
  Schema extends z.ZodType = z.ZodType,
  Section extends string | undefined = string | undefined,
  Field extends string = string,
  Default extends string | undefined = string | undefined,
> {
  /** Parses the setting's text (never empty: an empty setting counts as not set). */
  readonly schema: Schema;
  /** The text taken when the setting is not set; without one the configuration's field is absent. */
  readonly default: Default;
  /** The group of the configuration the value lands in (`notify`, `storage`), or the top level. */
  readonly section: Section;
  /** The configuration's field name. */
  readonly field: Field;
  /** The README's meaning column (Markdown). */
  readonly meaning: string;
  /** What the README's default column says instead of the default (e.g. `(required)`). */
  readonly whenUnset?: string;
  /** Never echoed in an error. */
  readonly secret?: boolean;
  /** Its problems turn notices off instead of stopping the app. */
  readonly noticeSetting?: boolean;
  /** The value local.settings.sample.json gives it, when not its default; `false` leaves it out. */
  readonly sample?: string | false;
}

/** Declares a setting, keeping its field and section as literal types for the configuration's type. */
export function setting<
  const Schema extends z.ZodType,
  const Field extends string,
  const Section extends string | undefined = undefined,
  const Default extends string | undefined = undefined,
>(
  declaration: Omit<SettingDeclaration<Schema, Section, Field, Default>, 'section' | 'default'> & {
    section?: Section;
    default?: Default;
  },
): SettingDeclaration<Schema, Section, Field, Default> {
  return { ...declaration, section: declaration.section as Section, default: declaration.default as Default };
}
