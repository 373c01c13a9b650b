/** The caller App Service Authentication signed in, as its `x-ms-client-principal` header describes it. */
export interface ClientPrincipal {
  /** What the audit trail records: the sign-in name, or the object ID of an application. */
  name: string;
  /** The Entra ID object ID (`oid`), when the token carries one. */
  objectId?: string;
  /** Values of the role claims: Entra ID app roles such as `OffHours.Operator`. */
  roles: string[];
}

/** A claim as App Service encodes it: `{ "typ": "...", "val": "..." }`, repeated for multi-valued claims. */
interface EncodedClaim {
  typ?: unknown;
  val?: unknown;
}

const OBJECT_ID_TYPES = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
const NAME_TYPES = [
  'preferred_username',
  'upn',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
  'email',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  'name',
];
const ROLE_TYPES = ['roles', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'];

/**
 * Decodes App Service's principal header: base64 JSON `{ auth_typ, name_typ, role_typ, claims: [{ typ,
 * val }] }` (docs/security.md, Who is calling). The name comes from the claim `name_typ` names (else the
 * usual name claims, else the object ID); roles from the claims of type `role_typ` or `roles`. Returns
 * undefined when the header is not such a principal or names nobody.
 */
export function decodeClientPrincipal(encoded: string): ClientPrincipal | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null) return undefined;
  const { claims, name_typ: nameType, role_typ: roleType } = decoded as Record<string, unknown>;
  if (!Array.isArray(claims)) return undefined;
  const valuesOf = (types: readonly unknown[]) =>
    (claims as EncodedClaim[])
      .filter((claim) => typeof claim === 'object' && claim !== null && types.includes(claim.typ))
      .map((claim) => (typeof claim.val === 'string' ? claim.val.trim() : ''))
      .filter((value) => value !== '');
  const objectId = valuesOf(OBJECT_ID_TYPES)[0];
  const name =
    (typeof nameType === 'string' ? valuesOf([nameType])[0] : undefined) ??
    NAME_TYPES.map((type) => valuesOf([type])[0]).find((value) => value !== undefined) ??
    objectId;
  if (!name) return undefined;
  return {
    name,
    ...(objectId ? { objectId } : {}),
    roles: [...new Set(valuesOf([...ROLE_TYPES, ...(typeof roleType === 'string' ? [roleType] : [])]))],
  };
}
