import { findDuplicateKey } from './findDuplicateKey.js';

/** The caller App Service Authentication signed in, as its `x-ms-client-principal` header describes it. */
export interface ClientPrincipal {
  /** What the audit trail records: the sign-in name, or the object ID of an application. */
  name: string;
  /** The Entra ID object ID (`oid`), when the token carries one. */
  objectId?: string;
  /**
   * The sign-in names that `OFFHOURS_OPERATORS` may list: `preferred_username` and `upn`. Never the
   * display name (`name`) or the e-mail, which people can often change themselves.
   */
  signInNames: string[];
  /** Values of the role claims: Entra ID app roles such as `OffHours.Operator`. */
  roles: string[];
}

export type PrincipalReading = { ok: true; principal: ClientPrincipal } | { ok: false; reason: string };

/** A claim as App Service encodes it: `{ "typ": "...", "val": "..." }`, repeated for multi-valued claims. */
interface EncodedClaim {
  typ: string;
  val: string;
}

/** The single-valued claims that name the caller, each with the spellings Entra ID and App Service use. */
const IDENTITY_CLAIMS = {
  objectId: ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'],
  preferredUsername: ['preferred_username'],
  upn: ['upn', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn'],
  email: ['email', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'],
  displayName: ['name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'],
} as const;
const ROLE_TYPES = ['roles', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'];
const NOT_A_PRINCIPAL =
  'the x-ms-client-principal header is not an App Service principal (base64 JSON with claims naming the caller)';

/**
 * Reads App Service's principal header: base64 JSON `{ auth_typ, name_typ, role_typ, claims: [{ typ,
 * val }] }` (docs/security.md, Who is calling). Refused, with the reason: a header that is not such a
 * principal, names nobody, or is ambiguous (a key given twice, or two values of a claim that names the
 * caller), since then the first or the last would silently win. The name is the sign-in name
 * (`preferred_username`, `upn`), else the claim `name_typ` names, the e-mail, the display name, the
 * object ID; roles are the claims of type `role_typ` or `roles`.
 */
export function readClientPrincipal(encoded: string): PrincipalReading {
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return { ok: false, reason: NOT_A_PRINCIPAL };
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded))
    return { ok: false, reason: NOT_A_PRINCIPAL };
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined)
    return {
      ok: false,
      reason: `the x-ms-client-principal header is ambiguous: it names "${duplicate}" twice; App Service never does`,
    };
  const { claims, name_typ: nameType, role_typ: roleType } = decoded as Record<string, unknown>;
  if (!Array.isArray(claims) || !claims.every(isClaim)) return { ok: false, reason: NOT_A_PRINCIPAL };
  const valuesOf = (types: readonly unknown[]) =>
    [...new Set(claims.filter((claim) => types.includes(claim.typ)).map((claim) => claim.val.trim()))].filter(
      (value) => value !== '',
    );
  const single: Partial<Record<keyof typeof IDENTITY_CLAIMS | 'named', string>> = {};
  const groups: [keyof typeof single, readonly unknown[]][] = [
    ...(Object.entries(IDENTITY_CLAIMS) as [keyof typeof IDENTITY_CLAIMS, readonly string[]][]),
    ['named', typeof nameType === 'string' ? [nameType] : []],
  ];
  for (const [group, types] of groups) {
    const values = valuesOf(types);
    if (values.length > 1)
      return {
        ok: false,
        reason: `the x-ms-client-principal header is ambiguous: it carries ${values.length} values of the claim ${types.join(' / ')}`,
      };
    if (values[0] !== undefined) single[group] = values[0];
  }
  const { objectId, preferredUsername, upn } = single;
  const name = preferredUsername ?? upn ?? single.named ?? single.email ?? single.displayName ?? objectId;
  if (!name) return { ok: false, reason: NOT_A_PRINCIPAL };
  return {
    ok: true,
    principal: {
      name,
      ...(objectId ? { objectId } : {}),
      signInNames: [preferredUsername, upn].filter((value): value is string => value !== undefined),
      roles: valuesOf([...ROLE_TYPES, ...(typeof roleType === 'string' ? [roleType] : [])]),
    },
  };
}

/** The principal, or undefined when the header is refused (readClientPrincipal says why). */
export function decodeClientPrincipal(encoded: string): ClientPrincipal | undefined {
  const reading = readClientPrincipal(encoded);
  return reading.ok ? reading.principal : undefined;
}

function isClaim(claim: unknown): claim is EncodedClaim {
  return (
    typeof claim === 'object' &&
    claim !== null &&
    typeof (claim as EncodedClaim).typ === 'string' &&
    typeof (claim as EncodedClaim).val === 'string'
  );
}
