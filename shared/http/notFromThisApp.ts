import type { HttpRequest } from '@azure/functions';
import { asciiFold } from '../domain/asciiFold.js';

/**
 * Why a POST cannot be taken for the confirmation page's own (docs/security.md, One-click links), or
 * undefined when it can: the browser must say so. `Sec-Fetch-Site`, when sent, must be same-origin;
 * `Origin` (or, without it, `Referer`) must be this app, which a missing or `null` Origin is not; and
 * at least one of the three must be there. The page sends `Referrer-Policy: same-origin`, so its own
 * form carries its real Origin.
 */
export function notFromThisApp(request: HttpRequest, appOrigins: readonly string[]): string | undefined {
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null && fetchSite !== 'same-origin')
    return `this form was sent from another page than this link's (Sec-Fetch-Site: ${fetchSite})`;
  const hosts = new Set(
    [request.headers.get('host') ?? new URL(request.url).host, ...appOrigins].map(hostOf),
  );
  for (const header of ['origin', 'referer']) {
    const value = request.headers.get(header);
    if (value === null) continue;
    return hosts.has(hostOf(value))
      ? undefined
      : `this form was sent from another site (${header}: ${value})`;
  }
  return fetchSite === 'same-origin'
    ? undefined
    : 'this form came with no sign of the page that sent it (no Origin, Referer or Sec-Fetch-Site); open the link in a browser and press Confirm there';
}

/** The host (and port) of an origin or URL, as hosts compare; a bare host is its own. */
function hostOf(text: string): string {
  try {
    return asciiFold(new URL(text.includes('//') ? text : `https://${text}`).host);
  } catch {
    return `not a URL: ${text}`;
  }
}
