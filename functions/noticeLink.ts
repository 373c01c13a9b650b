import functions, { type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import { asciiFold } from '../shared/domain/asciiFold.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { readClientPrincipal, type ClientPrincipal } from '../shared/http/decodeClientPrincipal.js';
import { handleHttp } from '../shared/http/handleHttp.js';
import { notFromThisApp } from '../shared/http/notFromThisApp.js';
import { confirmationPage, donePage, refusedPage } from '../shared/http/noticePage.js';
import { problemFor } from '../shared/http/problemResponse.js';
import { readFormBody } from '../shared/http/readFormBody.js';
import { routeParameter } from '../shared/http/routeParameter.js';

/** The signed-in person, undefined for anyone else, or why the principal header is refused. */
function principalOf(
  request: HttpRequest,
  appServiceAuthEnabled: boolean,
): ClientPrincipal | string | undefined {
  const encoded = appServiceAuthEnabled ? request.headers.get('x-ms-client-principal') : null;
  if (!encoded) return undefined;
  const reading = readClientPrincipal(encoded);
  return reading.ok ? reading.principal : reading.reason;
}

/**
 * GET /api/notices/{target}/{linkAction}?token=… shows what a notice's link would do and never acts (chat
 * apps fetch links for previews); POST (the page's button: the token and the page's secret in the form)
 * checks the token and the page again and acts. Anonymous: the signed token is the authorisation
 * (docs/notifications.md); with OFFHOURS_REQUIRE_PRINCIPAL only for a signed-in person.
 */
export const noticeLink = handleHttp(
  async (request): Promise<HttpResponseInit> => {
    const services = await getServices();
    const { config } = services;
    const target = routeParameter(request, 'target');
    const action = routeParameter(request, 'linkAction');
    const principal = principalOf(request, config.appServiceAuthEnabled);
    if (typeof principal === 'string') return refusedPage(401, principal);
    if (!principal && config.requirePrincipal)
      return refusedPage(
        401,
        config.appServiceAuthEnabled
          ? 'this link acts only for a person signed in to this app (OFFHOURS_REQUIRE_PRINCIPAL); sign in at /.auth/login/aad in this browser and open the link again'
          : 'this link acts only for a signed-in person (OFFHOURS_REQUIRE_PRINCIPAL), but App Service Authentication is off, so nobody can be identified',
      );
    const caller = principal ? `principal:${principal.objectId ?? asciiFold(principal.name)}` : 'anonymous';
    if (request.method === 'GET') {
      const token = request.query.get('token') ?? '';
      const checked = await services.noticeLinks.check({ target, action, token, caller });
      return checked.ok
        ? confirmationPage(checked.view.description, action, token, checked.pageSecret)
        : refusedPage(checked.status, checked.reason);
    }
    const crossSite = notFromThisApp(request, config.notify.linkBaseUrl ? [config.notify.linkBaseUrl] : []);
    if (crossSite) return refusedPage(403, crossSite);
    let form;
    try {
      form = await readFormBody(request, ['token', 'pageSecret']);
    } catch (error) {
      const answer = problemFor(error);
      if (!answer) throw error;
      return refusedPage(answer.status ?? 400, (error as Error).message);
    }
    const outcome = await services.noticeLinks.act(
      {
        target,
        action,
        token: form.token ?? '',
        caller,
        ...(form.pageSecret ? { pageSecret: form.pageSecret } : {}),
      },
      principal?.name,
    );
    return outcome.ok
      ? donePage(outcome.summary, outcome.outcome)
      : refusedPage(outcome.status, outcome.reason);
  },
  { anonymous: true },
);

export const definition = {
  name: 'noticeLink',
  trigger: 'http' as const,
  options: {
    methods: ['GET', 'POST'],
    authLevel: 'anonymous',
    route: 'notices/{target}/{linkAction}',
    handler: noticeLink,
  },
} satisfies FunctionDefinition;

functions.app.http(definition.name, definition.options);
