import functions from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { callerOf, FUNCTION_KEY_CALLER, type CallerPolicy } from '../../../shared/http/callerOf.js';
import { CallerRejectedError } from '../../../shared/http/CallerRejectedError.js';
import { appServicePrincipal, encodePrincipal } from '../../helpers/appServicePrincipal.js';

const { HttpRequest } = functions;

const request = (headers: Record<string, string>) =>
  new HttpRequest({ method: 'POST', url: 'https://app.example/api/targets/x/stop', headers });

const policy = (overrides: Partial<CallerPolicy> = {}): CallerPolicy => ({
  appServiceAuthEnabled: true,
  requirePrincipal: true,
  operators: ['alice@contoso.com'],
  operatorRoles: ['OffHours.Operator'],
  ...overrides,
});

function rejection(call: () => unknown): { status: number; message: string } | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    if (error instanceof CallerRejectedError) return { status: error.status, message: error.message };
    throw error;
  }
}

describe('callerOf', () => {
  it('does not believe the name header alone (issue 12: accepted with 200)', () => {
    expect(
      rejection(() => callerOf(request({ 'x-ms-client-principal-name': 'alice@contoso.com' }), policy())),
    ).toMatchObject({ status: 401 });
  });

  it('takes the identity from the principal, not from a name header beside it (issue 12: recorded as alice)', () => {
    const forged = request({
      'x-ms-client-principal-name': 'alice@contoso.com',
      'x-ms-client-principal': appServicePrincipal('mallory@contoso.com'),
    });
    expect(rejection(() => callerOf(forged, policy()))).toMatchObject({
      status: 403,
      message: expect.stringMatching(/^mallory@contoso\.com may not change things/),
    });
  });

  it('ignores principal headers when App Service Authentication is off: a client could have sent them', () => {
    const forged = request({ 'x-ms-client-principal': appServicePrincipal('alice@contoso.com') });
    expect(rejection(() => callerOf(forged, policy({ appServiceAuthEnabled: false })))).toMatchObject({
      status: 401,
      message: expect.stringContaining('WEBSITE_AUTH_ENABLED'),
    });
    expect(callerOf(forged, policy({ appServiceAuthEnabled: false, requirePrincipal: false }))).toBe(
      FUNCTION_KEY_CALLER,
    );
  });

  it('accepts operators by name, by object ID and by Entra ID app role', () => {
    expect(
      callerOf(request({ 'x-ms-client-principal': appServicePrincipal('ALICE@contoso.com') }), policy()),
    ).toBe('ALICE@contoso.com');
    expect(
      callerOf(
        request({ 'x-ms-client-principal': appServicePrincipal('bob@contoso.com', ['OffHours.Operator']) }),
        policy(),
      ),
    ).toBe('bob@contoso.com');
    const objectId = '5b5450db-eb26-4c1a-981c-ba1d25f0483d';
    expect(
      callerOf(
        request({ 'x-ms-client-principal': appServicePrincipal('carol@contoso.com', [], objectId) }),
        policy({ operators: [objectId] }),
      ),
    ).toBe('carol@contoso.com');
    expect(
      rejection(() =>
        callerOf(
          request({ 'x-ms-client-principal': appServicePrincipal('bob@contoso.com', ['OffHours.Reader']) }),
          policy(),
        ),
      ),
    ).toMatchObject({ status: 403 });
  });

  it('names an application by its object ID when its token has no name claim', () => {
    const encoded = Buffer.from(
      JSON.stringify({
        auth_typ: 'aad',
        claims: [
          { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: 'app-object-id' },
          { typ: 'roles', val: 'OffHours.Operator' },
        ],
      }),
    ).toString('base64');
    expect(callerOf(request({ 'x-ms-client-principal': encoded }), policy())).toBe('app-object-id');
  });

  it('refuses a principal header that is not one, or names nobody', () => {
    for (const encoded of [
      'not base64 json',
      Buffer.from('{"userDetails":"alice@contoso.com"}').toString('base64'),
      Buffer.from('{"claims":[{"typ":"aud","val":"x"}]}').toString('base64'),
      Buffer.from('null').toString('base64'),
    ])
      expect(
        rejection(() => callerOf(request({ 'x-ms-client-principal': encoded }), policy())),
      ).toMatchObject({
        status: 401,
      });
  });

  it('lets function-key callers change things only when no principal is required', () => {
    expect(callerOf(request({}), policy({ requirePrincipal: false }))).toBe(FUNCTION_KEY_CALLER);
    expect(rejection(() => callerOf(request({}), policy()))).toMatchObject({ status: 401 });
  });

  it('with no operators and no operator roles set, anyone signed in is an operator', () => {
    expect(
      callerOf(
        request({ 'x-ms-client-principal': appServicePrincipal('dave@contoso.com') }),
        policy({ operators: [], operatorRoles: [] }),
      ),
    ).toBe('dave@contoso.com');
  });

  describe('ambiguous principals and mutable claims (issue 27, item 9)', () => {
    const claim = (typ: string, val: string) => ({ typ, val });
    const OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
    const UPN = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';

    it('refuses a principal carrying two values of a name claim (first or last would win)', () => {
      for (const claims of [
        [
          claim('preferred_username', 'mallory@contoso.com'),
          claim('preferred_username', 'alice@contoso.com'),
        ],
        [claim('upn', 'mallory@contoso.com'), claim(UPN, 'alice@contoso.com')],
        [claim(OID, 'object-1'), claim('oid', 'object-2'), claim('roles', 'OffHours.Operator')],
        [claim('name', 'Mallory'), claim('name', 'Alice')],
      ])
        expect(
          rejection(() =>
            callerOf(
              request({ 'x-ms-client-principal': encodePrincipal({ auth_typ: 'aad', claims }) }),
              policy(),
            ),
          ),
        ).toMatchObject({ status: 401, message: expect.stringContaining('ambiguous') });
    });

    it('refuses a principal whose JSON names a key twice (duplicate claims, or a claim with two values)', () => {
      const operator = JSON.stringify([claim('preferred_username', 'alice@contoso.com')]);
      const other = JSON.stringify([claim('preferred_username', 'mallory@contoso.com')]);
      for (const text of [
        `{"auth_typ":"aad","claims":${other},"claims":${operator}}`,
        `{"auth_typ":"aad","claims":[{"typ":"preferred_username","val":"mallory@contoso.com","val":"alice@contoso.com"}]}`,
        `{"auth_typ":"aad","name_typ":"upn","name_typ":"preferred_username","claims":${operator}}`,
      ])
        expect(
          rejection(() => callerOf(request({ 'x-ms-client-principal': encodePrincipal(text) }), policy())),
        ).toMatchObject({ status: 401, message: expect.stringContaining('twice') });
    });

    it('matches operators on object ID, app role, preferred_username or upn, never on the display name or e-mail', () => {
      const signedIn = (...claims: { typ: string; val: string }[]) =>
        request({
          'x-ms-client-principal': encodePrincipal({
            auth_typ: 'aad',
            name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
            claims,
          }),
        });
      // Anyone may set their display name (and often their e-mail) to an operator's sign-in name.
      expect(rejection(() => callerOf(signedIn(claim('name', 'alice@contoso.com')), policy()))).toMatchObject(
        {
          status: 403,
        },
      );
      expect(
        rejection(() =>
          callerOf(
            signedIn(
              claim('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'alice@contoso.com'),
            ),
            policy(),
          ),
        ),
      ).toMatchObject({ status: 403 });
      expect(
        rejection(() => callerOf(signedIn(claim('email', 'alice@contoso.com')), policy())),
      ).toMatchObject({
        status: 403,
      });
      expect(
        callerOf(
          signedIn(claim('name', 'Alice'), claim('preferred_username', 'alice@contoso.com')),
          policy(),
        ),
      ).toBe('alice@contoso.com');
      expect(callerOf(signedIn(claim('name', 'Alice'), claim(UPN, 'Alice@Contoso.com')), policy())).toBe(
        'Alice@Contoso.com',
      );
      expect(
        callerOf(
          signedIn(claim('name', 'Alice'), claim(OID, 'object-1')),
          policy({ operators: ['object-1'] }),
        ),
      ).toBe('Alice');
      // A sign-in name that only looks like an operator's (KELVIN SIGN for k) is not theirs.
      expect(
        rejection(() =>
          callerOf(
            signedIn(claim('preferred_username', 'alice@\u212Aontoso.com')),
            policy({ operators: ['alice@kontoso.com'] }),
          ),
        ),
      ).toMatchObject({ status: 403 });
    });
  });
});
