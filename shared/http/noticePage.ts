import type { HttpResponseInit } from '@azure/functions';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * The link pages never load anything from elsewhere, are never cached or indexed, and send no
 * Referer to another site (the URL holds the token); only this origin may receive their form.
 */
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}
h1{font-size:1.4rem}.box{border:1px solid #ccc;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
.refused{border-color:#b3261e;background:#fdecea}.done{border-color:#1e7d32;background:#eaf6ec}
button{font-size:1rem;padding:.6rem 1.2rem;border-radius:6px;border:0;background:#0f5ec7;color:#fff;cursor:pointer}
button:focus{outline:3px solid #f4b400;outline-offset:2px}small{color:#555}`;

function page(
  status: number,
  title: string,
  content: string,
  headers: Record<string, string> = PAGE_HEADERS,
): HttpResponseInit {
  return {
    status,
    headers,
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)} · AKS Off-Hours</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${content}<p><small>AKS Off-Hours one-click link</small></p></main></body></html>`,
  };
}

/**
 * GET: what the link would do, and a button that does it (a POST carrying the token and this page's
 * secret). `Referrer-Policy: same-origin` rather than no-referrer: with no-referrer a browser sends
 * `Origin: null` with the form, which a page of any other site can send too; with same-origin the
 * form carries this app's origin, and other sites still get no Referer.
 */
export function confirmationPage(
  description: string,
  action: string,
  token: string,
  pageSecret: string,
): HttpResponseInit {
  return page(
    200,
    'Confirm',
    `<div class="box"><p>${escapeHtml(description)}.</p><p>Nothing has changed yet: opening this link never acts.</p></div>
<form method="post" action="${escapeHtml(encodeURIComponent(action))}"><input type="hidden" name="token" value="${escapeHtml(token)}"><input type="hidden" name="pageSecret" value="${escapeHtml(pageSecret)}"><button type="submit">Confirm</button></form>`,
    { ...PAGE_HEADERS, 'Referrer-Policy': 'same-origin' },
  );
}

export function donePage(summary: string, outcome: string): HttpResponseInit {
  return page(
    200,
    'Done',
    `<div class="box done" role="status"><p>${escapeHtml(summary)}.</p><p>${escapeHtml(outcome)}.</p></div><p>The change is in the audit trail. This link cannot be used again.</p>`,
  );
}

export function refusedPage(status: number, reason: string): HttpResponseInit {
  return page(
    status,
    'This link cannot be used',
    `<div class="box refused" role="alert"><p>${escapeHtml(reason)}.</p><p><strong>Nothing was changed.</strong></p></div><p>Use the API or ask an operator to set an override (docs/api.md).</p>`,
  );
}
