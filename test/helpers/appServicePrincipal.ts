/**
 * An `x-ms-client-principal` header as App Service Authentication encodes it: base64 JSON with
 * `auth_typ`, `name_typ`, `role_typ` and the token's claims as `{ typ, val }` (docs/security.md).
 */
export function appServicePrincipal(name: string, roles: string[] = [], objectId?: string): string {
  return Buffer.from(
    JSON.stringify({
      auth_typ: 'aad',
      name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      role_typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
      claims: [
        { typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', val: name },
        ...(objectId
          ? [{ typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: objectId }]
          : []),
        { typ: 'aud', val: 'api://offhours' },
        ...roles.map((role) => ({ typ: 'roles', val: role })),
      ],
    }),
  ).toString('base64');
}
