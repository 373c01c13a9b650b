import type { AccessToken, TokenCredential } from '@azure/core-auth';

/**
 * A credential for the fake ARM, which only checks that a bearer token is present: Microsoft Entra
 * ID cannot run here, so this is the one piece that stands in for a real service.
 */
export const fakeArmCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({
    token: 'fake-arm-token',
    expiresOnTimestamp: Date.now() + 60 * 60 * 1000,
  }),
};
