/**
 * An `x-ms-client-principal` header as App Service Authentication encodes it: base64 JSON with
 * `auth_typ`, `name_typ`, `role_typ` and the token's claims as `{ typ, val }` (docs/security.md).
 * The sign-in name is both the token's `preferred_username` and its e-mail claim, as in an Entra ID
 * v2.0 token of a member of the tenant.
 */
export function appServicePrincipal(name: string, roles: string[] = [], objectId?: string): string {
  return encodePrincipal({
    auth_typ: 'aad',
    name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    role_typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
    claims: [
      { typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', val: name },
      { typ: 'preferred_username', val: name },
      ...(objectId
        ? [{ typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: objectId }]
        : []),
      { typ: 'aud', val: 'api://offhours' },
      ...roles.map((role) => ({ typ: 'roles', val: role })),
    ],
  });
}

/** Any JSON value (or JSON text, to repeat a key) as the header carries it. */
export function encodePrincipal(principal: unknown): string {
  return Buffer.from(typeof principal === 'string' ? principal : JSON.stringify(principal)).toString(
    'base64',
  );
}
