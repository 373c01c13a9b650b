import functions, { type HttpRequest } from '@azure/functions';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { decodeClientPrincipal } from '../shared/http/decodeClientPrincipal.js';
import { handleHttp } from '../shared/http/handleHttp.js';
import { confirmationPage, donePage, refusedPage } from '../shared/http/noticePage.js';
import { routeParameter } from '../shared/http/routeParameter.js';

/** A POST from a page of another site: the form's own page is on this host. */
function crossSite(request: HttpRequest): boolean {
  if (request.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return false;
  const host = request.headers.get('host') ?? new URL(request.url).host;
  try {
    return new URL(origin).host.toLowerCase() !== host.toLowerCase();
  } catch {
    return true;
  }
}

/**
 * GET /api/notices/{target}/{linkAction}?token=… shows what a notice's link would do and never acts (chat
 * apps fetch links for previews); POST (the page's button, the token in the form) checks the token
 * again and acts. Anonymous: the signed token is the authorisation (docs/notifications.md).
 */
export const noticeLink = handleHttp(
  async (request) => {
    const services = await getServices();
    const target = routeParameter(request, 'target');
    const action = routeParameter(request, 'linkAction');
    if (request.method === 'GET') {
      const token = request.query.get('token') ?? '';
      const checked = await services.noticeLinks.check({ target, action, token });
      return checked.ok
        ? confirmationPage(checked.view.description, action, token)
        : refusedPage(checked.status, checked.reason);
    }
    if (crossSite(request)) return refusedPage(403, 'this form was sent from another site');
    const form = new URLSearchParams(await request.text());
    const token = form.get('token') ?? '';
    const principal = services.config.appServiceAuthEnabled
      ? decodeClientPrincipal(request.headers.get('x-ms-client-principal') ?? '')
      : undefined;
    const outcome = await services.noticeLinks.act({ target, action, token }, principal?.name);
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
