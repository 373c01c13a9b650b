import { afterEach, describe, expect, it } from 'vitest';
import { LinkSigner } from '../../shared/app/notifications/LinkSigner.js';
import { NoticeService } from '../../shared/app/notifications/NoticeService.js';
import { createServices } from '../../shared/compositionRoot.js';
import { FetchWebhookSender } from '../../shared/azure/FetchWebhookSender.js';
import { fakeArmCredential } from '../../dev/fakeArm/fakeArmCredential.js';
import { parseResourceId } from '../../shared/domain/ResourceId.js';
import { SUBSCRIPTION } from '../helpers/appHarness.js';
import { appServicePrincipal } from '../helpers/appServicePrincipal.js';
import { poolId } from '../helpers/catalogRows.js';
import { LINK_KEY, SAME_ORIGIN, startNoticeApp, STOP, type NoticeApp } from '../helpers/noticeApp.js';
import { expectCloudEvent, expectSlackBlockKit, expectTeamsAdaptiveCard } from '../helpers/noticeFormats.js';

let notices: NoticeApp;
afterEach(async () => notices.stop());

const MINUTE = 60_000;

/** The links of a target in the Slack message, by action. */
function slackLinks(target: string): Record<string, string> {
  const message = notices.receiver.on('/slack')[0]?.body ?? {};
  const blocks = message['blocks'] as {
    type: string;
    text?: { text: string };
    elements?: { url: string; action_id: string }[];
  }[];
  const index = blocks.findIndex(
    (block) => block.type === 'section' && block.text?.text.startsWith(`*${target}*`),
  );
  const actions = blocks[index + 1]?.elements ?? [];
  return Object.fromEntries(actions.map((button) => [button.action_id.replace(/-\d+$/, ''), button.url]));
}

const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';
const postUrl = (url: string) => url.split('?')[0] as string;

async function auditLines() {
  return (await notices.app.services.storage.audit.query({ limit: 100 })).map(
    (entry) =>
      `${entry.action} | ${entry.actor} | ${entry.targetName ?? ''} | ${entry.reason} | ${entry.result}`,
  );
}

describe('stop notices', () => {
  it('go out once per channel and stop time, in each channel format, however often the timer runs', async () => {
    notices = await startNoticeApp();
    const { app, receiver } = notices;
    await app.tick();
    // 35 minutes before the stop: not yet (the lead time is 30 minutes).
    app.clock.now = STOP - 35 * MINUTE;
    await notices.notifyTick();
    expect(receiver.received).toEqual([]);
    app.clock.now = STOP - 25 * MINUTE;
    await notices.notifyTick();
    await notices.notifyTick(true);
    await Promise.all([notices.notifyTick(), notices.notifyTick()]);
    app.clock.now = STOP - 5 * MINUTE;
    await notices.notifyTick();
    expect(receiver.received.map((message) => message.path).sort()).toEqual(['/hook', '/slack', '/teams']);

    const slack = receiver.on('/slack')[0]!;
    expect(slack.contentType).toMatch(/^application\/json/);
    const buttons = expectSlackBlockKit(slack.body);
    // dev-a (from its schedule) and dev-b (its own Notify) on Slack: three actions each.
    expect(buttons.map((button) => button.text)).toEqual([
      'Keep running 1 h',
      'Keep running until 22:00',
      'Skip tonight’s 20:00 stop',
      'Keep running 1 h',
      'Keep running until 22:00',
      'Skip tonight’s 20:00 stop',
    ]);
    expect(slack.body['text']).toBe('2 targets will be stopped at 20:00 Europe/Berlin (in 25 min)');
    expect(buttons[0]?.url).toMatch(
      /^http:\/\/localhost:7071\/api\/notices\/dev-a\/keep-1h\?token=[\w-]+\.[\w-]+$/,
    );

    const teams = receiver.on('/teams')[0]!;
    expect(expectTeamsAdaptiveCard(teams.body).map((action) => action.url)).toHaveLength(3);
    expect(JSON.stringify(teams.body)).toContain('dev-a');
    expect(JSON.stringify(teams.body)).not.toContain('dev-b');

    const hook = receiver.on('/hook')[0]!;
    expect(hook.contentType).toBe('application/cloudevents+json; charset=utf-8');
    expectCloudEvent(hook.body);
    expect(hook.body).toMatchObject({
      type: 'io.github.aks-offhours.stop.upcoming',
      id: 'hook/2026-11-26T19:00:00.000Z',
      data: { stopAt: '2026-11-26T19:00:00.000Z', targets: [{ name: 'dev-b' }] },
    });

    expect(await app.services.storage.notices.notice('slack', STOP)).toMatchObject({
      Status: 'sent',
      Attempts: 1,
    });
    expect((await auditLines()).filter((line) => line.startsWith('notice-sent'))).toHaveLength(3);
  });

  it('a Monday 08:00 stop is offered as today’s 08:00 stop, never tonight’s; the link and the Done page say until when (issue 24, item 2)', async () => {
    notices = await startNoticeApp();
    const { app, receiver } = notices;
    const { storage } = app.services;
    // Up at night and at weekends: its next stop is Monday 08:00 in Berlin (07:00 UTC).
    await storage.schedules.create({
      name: 'nights',
      definition: { downtime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' },
      notify: 'slack',
    });
    app.arm.state.addCluster({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'night',
      pools: [{ name: 'system', mode: 'System' }, { name: 'n' }],
    });
    // The office targets are down then: only this one is in the notice.
    const parsed = parseResourceId(poolId(SUBSCRIPTION, 'night', 'n'));
    if (!parsed.ok) throw new Error(parsed.message);
    await storage.targets.create({
      name: 'night-n',
      resourceId: parsed.resourceId,
      scheduleName: 'nights',
      enabled: true,
      allowAksManagedScaleSet: false,
    });
    const mondayStop = Date.parse('2026-11-30T07:00:00Z');
    app.clock.now = mondayStop - 25 * MINUTE;
    await app.tick();
    await notices.notifyTick();
    const buttons = expectSlackBlockKit(receiver.on('/slack')[0]!.body);
    expect(buttons.map((button) => button.text)).toEqual(['Keep running 1 h', 'Skip today’s 08:00 stop']);
    const skip = slackLinks('night-n')['skip-stop']!;
    const page = await notices.page('GET', skip);
    expect(page.html).toContain(
      'skip today’s 08:00 stop: up until today 20:00, 12 h longer (times in Europe/Berlin)',
    );
    const done = await notices.press(skip);
    expect(done.status).toBe(200);
    expect(done.html).toContain(
      'skip today’s 08:00 stop: up until today 20:00, 12 h longer (times in Europe/Berlin).',
    );
    expect(await storage.overrides.get('night-n')).toMatchObject({
      override: { kind: 'skip-next-stop', from: mondayStop, until: Date.parse('2026-11-30T19:00:00Z') },
    });
  });

  it('racing timers on several instances send each notice once (the claim is a conditional insert)', async () => {
    notices = await startNoticeApp();
    const { app, receiver } = notices;
    const others = await Promise.all(
      [1, 2, 3].map(() =>
        createServices(app.services.config, {
          now: () => app.clock.now,
          credential: fakeArmCredential,
          storage: app.services.storage,
          queue: app.services.queue,
          log: () => undefined,
        }),
      ),
    );
    await Promise.all([notices.notifyTick(), ...others.map((services) => services.notices.sendDue())]);
    expect(receiver.received.map((message) => message.path).sort()).toEqual(['/hook', '/slack', '/teams']);
  });

  it('a Notify naming no configured channel is a problem on the target, which is scheduled as usual', async () => {
    notices = await startNoticeApp();
    const { app } = notices;
    await app.tick();
    const view = await app.http('GET', 'targets/dev-c');
    expect(view.body).toMatchObject({
      problems: [
        'Targets row "target"/"dev-c" column Notify value "slak": there is no notification channel named "slak"; use one of hook, slack, teams (the channels of OFFHOURS_NOTIFY_CHANNELS); the target is scheduled as usual, only this notice is not sent',
      ],
    });
    app.clock.now = STOP + MINUTE;
    await app.tick();
    await app.drain();
    expect((await app.http('GET', 'targets/dev-c')).body).toMatchObject({
      desired: 'stopped',
      lastAction: expect.stringMatching(/^stop/),
    });
  });

  it('a failing webhook is retried, then reported in the log and the audit trail, and nothing else is held up', async () => {
    notices = await startNoticeApp();
    const { app, receiver } = notices;
    receiver.answers.set('/slack', [500, 429, 200]);
    receiver.answers.set('/teams', [500]);
    receiver.answers.set('/hook', [404]);
    const waits: number[] = [];
    const logs: Record<string, unknown>[] = [];
    const service = new NoticeService({
      storage: app.services.storage,
      sender: new FetchWebhookSender(),
      signer: new LinkSigner([LINK_KEY]),
      settings: {
        channels: app.services.config.notify.channels,
        leadMs: 30 * MINUTE,
        keepUntil: '22:00',
        linkBaseUrl: () => 'http://localhost:7071',
        source: 'urn:aks-offhours',
      },
      now: () => app.clock.now,
      log: (line) => logs.push(line),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(await service.sendDue()).toEqual({ planned: 3, sent: 1, failed: 2, skipped: 0 });
    expect(receiver.on('/slack')).toHaveLength(1);
    expect(await app.services.storage.notices.notice('slack', STOP)).toMatchObject({
      Status: 'sent',
      Attempts: 3,
    });
    expect(await app.services.storage.notices.notice('teams', STOP)).toMatchObject({
      Status: 'failed',
      Attempts: 3,
      Message: 'HTTP 500 no',
    });
    // A 404 is not retried: the URL is wrong, and asking again will not help.
    expect(await app.services.storage.notices.notice('hook', STOP)).toMatchObject({
      Status: 'failed',
      Attempts: 1,
    });
    expect(waits.length).toBe(4);
    expect(
      logs
        .filter((line) => line['event'] === 'notice-failed')
        .map((line) => line['channel'])
        .sort(),
    ).toEqual(['hook', 'teams']);
    expect(await auditLines()).toContainEqual(
      expect.stringMatching(
        /^notice-failed \| schedule \| {2}\| stop notice to channel teams .* \| failed after 3 attempt\(s\): HTTP 500/,
      ),
    );
    // A failed notice is not sent again by the next run (once means once), and the tick runs as ever.
    expect(await service.sendDue()).toEqual({ planned: 3, sent: 0, failed: 0, skipped: 3 });
    await app.tick();
    app.clock.now = STOP;
    await app.tick();
    await app.drain();
    expect((await app.http('GET', 'targets/dev-a')).body).toMatchObject({
      lastAction: expect.stringMatching(/^stop at/),
    });
  });
});

describe('one-click links', () => {
  async function sent(): Promise<NoticeApp> {
    const started = await startNoticeApp();
    await started.app.tick();
    await started.notifyTick();
    return started;
  }

  async function overrideOf(target: string) {
    return (await notices.app.services.storage.overrides.get(target))?.override;
  }

  it('GET shows a confirmation page and changes nothing; the POST acts once, audited with channel, person and token ID', async () => {
    notices = await sent();
    const links = slackLinks('dev-a');
    const before = await auditLines();
    for (let preview = 0; preview < 3; preview += 1) {
      const page = await notices.page('GET', links['keep-1h']!);
      expect(page.status).toBe(200);
      expect(page.html).toContain(
        'keep &#34;dev-a&#34; running for another hour, until Thu 26 Nov 21:00 Europe/Berlin, instead of stopping it at Thu 26 Nov 20:00 Europe/Berlin',
      );
      expect(page.html).toContain('<form method="post" action="keep-1h">');
      // same-origin, not no-referrer: with no-referrer the browser would send its form with Origin: null.
      expect(page.headers).toMatchObject({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'same-origin' });
    }
    expect(await overrideOf('dev-a')).toBeUndefined();
    expect(await auditLines()).toEqual(before);

    const done = await notices.press(links['keep-1h']!, {
      'x-ms-client-principal': appServicePrincipal('ana@example.com'),
    });
    expect(done.status).toBe(200);
    expect(done.html).toContain('Done');
    // Issue 24, item 6: people's words on the Done page, in the schedule's zone, named; no ISO, no internal words.
    expect(done.html).toContain(
      'keep running from Thu 26 Nov 19:35 Europe/Berlin until Thu 26 Nov 21:00 Europe/Berlin.',
    );
    expect(done.html).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(done.html).not.toMatch(/keep-running|desired|skip-next/);
    expect(await overrideOf('dev-a')).toMatchObject({
      kind: 'keep-running',
      until: Date.parse('2026-11-26T20:00:00Z'),
      createdBy: 'ana@example.com',
    });
    const verified = new LinkSigner([LINK_KEY]).verify(tokenOf(links['keep-1h']!));
    const tokenId = verified.ok ? verified.payload.id : '';
    expect(await auditLines()).toContainEqual(
      `override | ana@example.com | dev-a | keep-1h from the slack notice of the stop at 2026-11-26T19:00:00.000Z (token ${tokenId}) | keep-running from 2026-11-26T18:35:00.000Z (Thu 2026-11-26 19:35 Europe/Berlin) until 2026-11-26T20:00:00.000Z (Thu 2026-11-26 21:00 Europe/Berlin)`,
    );

    // Replayed: refused, nothing changed.
    const etag = (await notices.app.services.storage.overrides.get('dev-a'))?.row?.etag;
    const again = await notices.page('POST', postUrl(links['keep-1h']!), {
      form: { token: tokenOf(links['keep-1h']!) },
      headers: SAME_ORIGIN,
    });
    expect(again.status).toBe(410);
    expect(again.html).toContain('already used');
    expect(again.html).toContain('Nothing was changed');
    expect((await notices.page('GET', links['keep-1h']!)).status).toBe(410);
    expect((await notices.app.services.storage.overrides.get('dev-a'))?.row?.etag).toBe(etag);
  });

  it('keep running until 22:00 local and skip tonight’s stop set the overrides they say', async () => {
    notices = await sent();
    const a = slackLinks('dev-a');
    const b = slackLinks('dev-b');
    expect((await notices.press(a['keep-until']!)).status).toBe(200);
    expect(await overrideOf('dev-a')).toMatchObject({
      kind: 'keep-running',
      until: Date.parse('2026-11-26T21:00:00Z'),
      createdBy: 'one-click link (slack)',
    });
    expect((await notices.press(b['skip-stop']!)).status).toBe(200);
    expect(await overrideOf('dev-b')).toMatchObject({ kind: 'skip-next-stop', from: STOP });
    // The stop comes and goes: dev-a and dev-b stay up, dev-c (no override) stops.
    notices.app.clock.now = STOP + MINUTE;
    await notices.app.tick();
    await notices.app.drain();
    const lastActions = await Promise.all(
      ['dev-a', 'dev-b', 'dev-c'].map(
        async (name) =>
          ((await notices.app.http('GET', `targets/${name}`)).body as { lastAction?: string }).lastAction,
      ),
    );
    expect(lastActions).toEqual([undefined, undefined, expect.stringMatching(/^stop at/)]);
  });

  describe('refuses every attack with a clear page, changing nothing', () => {
    async function refused(
      method: 'GET' | 'POST',
      url: string,
      token: string,
      headers: Record<string, string> = {},
    ) {
      const before = await auditLines();
      const page =
        method === 'GET'
          ? await notices.page('GET', `${postUrl(url)}?token=${encodeURIComponent(token)}`)
          : await notices.page('POST', postUrl(url), {
              form: { token },
              headers: { ...SAME_ORIGIN, ...headers },
            });
      expect(page.html).toContain('This link cannot be used');
      expect(page.html).toContain('Nothing was changed');
      expect(await overrideOf('dev-a')).toBeUndefined();
      expect(await overrideOf('dev-b')).toBeUndefined();
      expect(await auditLines()).toEqual(before);
      return page;
    }

    it('forged: signed with another key', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['keep-1h']!;
      const forger = new LinkSigner(['someone-else-key-0123456789abcdef0123']);
      const real = new LinkSigner([LINK_KEY]).verify(tokenOf(url));
      if (!real.ok) throw new Error('unreachable');
      for (const method of ['GET', 'POST'] as const)
        expect((await refused(method, url, forger.sign(real.payload))).status).toBe(403);
    });

    it('altered: the payload changed under the signature', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['keep-1h']!;
      const [body, signature] = tokenOf(url).split('.') as [string, string];
      const wire = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      wire['e'] = STOP + 30 * 86_400_000;
      const altered = `${Buffer.from(JSON.stringify(wire)).toString('base64url')}.${signature}`;
      for (const method of ['GET', 'POST'] as const)
        expect((await refused(method, url, altered)).status).toBe(403);
    });

    it('expired: an hour after the stop', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['keep-1h']!;
      notices.app.clock.now = STOP + 60 * MINUTE;
      const page = await refused('POST', url, tokenOf(url));
      expect(page.status).toBe(410);
      expect(page.html).toContain('expired at Thu 26 Nov 21:00 Europe/Berlin');
    });

    it('another target: a token of dev-a on dev-b’s link', async () => {
      notices = await sent();
      const a = slackLinks('dev-a')['keep-1h']!;
      const b = slackLinks('dev-b')['keep-1h']!;
      const page = await refused('POST', b, tokenOf(a));
      expect(page.status).toBe(403);
      expect(page.html).toContain('made for target &#34;dev-a&#34;, not &#34;dev-b&#34;');
    });

    it('another action: a keep-1h token on the skip link', async () => {
      notices = await sent();
      const links = slackLinks('dev-a');
      const page = await refused('POST', links['skip-stop']!, tokenOf(links['keep-1h']!));
      expect(page.status).toBe(403);
      expect(page.html).toContain(
        'made for the action &#34;keep running 1 h&#34;, not &#34;skip the stop&#34;',
      );
    });

    it('missing or cut-short tokens, and a form sent from another site', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['keep-1h']!;
      expect((await refused('GET', url, '')).status).toBe(403);
      expect((await refused('POST', url, tokenOf(url).slice(0, 40))).status).toBe(403);
      expect((await refused('POST', url, tokenOf(url), { origin: 'https://evil.example' })).status).toBe(403);
      expect((await refused('POST', url, tokenOf(url), { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    });

    it('skip after the stop has happened', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['skip-stop']!;
      notices.app.clock.now = STOP + MINUTE;
      expect((await refused('POST', url, tokenOf(url))).status).toBe(410);
    });
  });

  it('two clicks at once: one acts, the other is told the link was used', async () => {
    notices = await sent();
    const url = slackLinks('dev-a')['keep-1h']!;
    const form = await notices.confirmationForm(url);
    const pages = await Promise.all(
      [1, 2, 3].map(() => notices.page('POST', postUrl(url), { form, headers: SAME_ORIGIN })),
    );
    expect(pages.map((page) => page.status).sort()).toEqual([200, 410, 410]);
    expect((await auditLines()).filter((line) => line.startsWith('override |'))).toHaveLength(1);
  });

  it('an action the override service refuses gives the token back and says why', async () => {
    notices = await sent();
    const url = slackLinks('dev-a')['keep-1h']!;
    const target = await notices.app.services.storage.targets.get('dev-a');
    await notices.app.services.storage.targets.replace({ ...target!, enabled: false }, target!.row!.etag!);
    const page = await notices.press(url);
    expect(page.status).toBe(409);
    expect(page.html).toContain('is disabled');
    await notices.app.services.storage.targets.replace(
      { ...target!, enabled: true },
      (await notices.app.services.storage.targets.get('dev-a'))!.row!.etag!,
    );
    expect((await notices.press(url)).status).toBe(200);
  });
});

describe('one-click links, second round (issue 27)', () => {
  async function sent(settings: Record<string, string> = {}): Promise<NoticeApp> {
    const started = await startNoticeApp(settings);
    await started.app.tick();
    await started.notifyTick();
    return started;
  }

  /** POSTs the confirmation page's own form (token and page secret) with these headers; nothing may change. */
  async function refusedForm(
    url: string,
    headers: Record<string, string>,
    options: { form?: Record<string, string>; body?: string } = {},
  ) {
    const before = await auditLines();
    const form = options.form ?? (await notices.confirmationForm(url));
    const page = options.body
      ? await invokeRaw(url, options.body, headers)
      : await notices.page('POST', postUrl(url), { form, headers });
    expect(page.html).toContain('This link cannot be used');
    expect(page.html).toContain('Nothing was changed');
    expect(await notices.app.services.storage.overrides.get('dev-a')).toBeUndefined();
    expect(await auditLines()).toEqual(before);
    return page;
  }

  /** A POST with exactly these headers and body (no form encoding added). */
  async function invokeRaw(url: string, body: string, headers: Record<string, string>) {
    const { invokeHttp } = await import('../../dev/invokeHttp.js');
    const { FUNCTIONS } = await import('../../dev/functionRegistry.js');
    const response = await invokeHttp(FUNCTIONS, {
      method: 'POST',
      url: postUrl(url),
      headers: { host: new URL(url).host, ...headers },
      body,
    });
    return { status: response.status ?? 200, html: String(response.body ?? '') };
  }

  describe('a form that does not come from the confirmation page does not act (item 2)', () => {
    it('Referer of another site and no Origin (was 200)', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['keep-1h']!;
      const page = await refusedForm(url, { referer: 'https://evil.example/notices' });
      expect(page.status).toBe(403);
      expect(page.html).toContain('another site');
    });

    it('no Origin, no Referer, no Sec-Fetch-Site (was 200)', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['keep-1h']!;
      expect((await refusedForm(url, {})).status).toBe(403);
    });

    it('Origin: null, as a page with no-referrer on any site sends it (was 200)', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['keep-1h']!;
      expect((await refusedForm(url, { origin: 'null' })).status).toBe(403);
      expect((await refusedForm(url, { origin: 'null', 'sec-fetch-site': 'same-site' })).status).toBe(403);
    });

    it('another port of the same host (same-site, not same-origin)', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['keep-1h']!;
      expect(
        (await refusedForm(url, { origin: 'http://localhost:8080', 'sec-fetch-site': 'same-site' })).status,
      ).toBe(403);
    });

    it('the right headers but no page secret, or one of another page or person', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['keep-1h']!;
      const token = tokenOf(url);
      const page = await refusedForm(url, SAME_ORIGIN, { form: { token } });
      expect(page.status).toBe(403);
      expect(page.html).toContain('did not come from the confirmation page');
      const other = await notices.confirmationForm(slackLinks('dev-a')['skip-stop']!);
      expect(
        (await refusedForm(url, SAME_ORIGIN, { form: { token, pageSecret: other['pageSecret'] ?? '' } }))
          .status,
      ).toBe(403);
      // A page someone fetched for themselves does not fit the signed-in person whose browser sends it.
      const anonymousPage = await notices.confirmationForm(url);
      expect(
        (
          await refusedForm(
            url,
            { ...SAME_ORIGIN, 'x-ms-client-principal': appServicePrincipal('ana@example.com') },
            { form: anonymousPage },
          )
        ).status,
      ).toBe(403);
      expect(
        (await refusedForm(url, SAME_ORIGIN, { form: { token, pageSecret: 'forged.secret' } })).status,
      ).toBe(403);
      // The page's own form, from its own origin, acts.
      expect((await notices.press(url)).status).toBe(200);
    });
  });

  describe('the form is read with limits (item 5)', () => {
    it('413 above the JSON routes’ limit: a 5 MB form and a 10 MB token are not read', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['keep-1h']!;
      const form = await notices.confirmationForm(url);
      const page = await refusedForm(url, SAME_ORIGIN, {
        form: { ...form, token: `${form['token']}${'x'.repeat(5_000_000)}` },
      });
      expect(page.status).toBe(413);
      const huge = `${postUrl(url)}?token=${'x'.repeat(10_000_000)}`;
      const get = await notices.page('GET', huge);
      expect(get.status).toBe(403);
      expect(get.html).toContain('longer than');
    });

    it('415 for text/plain or no content type; 400 for a field given twice or unknown', async () => {
      notices = await sent();
      const url = slackLinks('dev-a')['keep-1h']!;
      const form = await notices.confirmationForm(url);
      const body = new URLSearchParams(form).toString();
      expect(
        (await refusedForm(url, { ...SAME_ORIGIN, 'content-type': 'text/plain' }, { body })).status,
      ).toBe(415);
      expect((await refusedForm(url, SAME_ORIGIN, { body })).status).toBe(415);
      const form2 = { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN };
      const twice = await refusedForm(url, form2, { body: `token=forged&${body}` });
      expect(twice.status).toBe(400);
      expect(twice.html).toContain('token: is given twice');
      expect((await refusedForm(url, form2, { body: `${body}&kind=keep-stopped` })).status).toBe(400);
      expect((await notices.press(url)).status).toBe(200);
    });
  });

  it('with OFFHOURS_REQUIRE_PRINCIPAL a link acts only for a signed-in person, named in the audit (item 6)', async () => {
    notices = await sent({ OFFHOURS_REQUIRE_PRINCIPAL: 'true' });
    const url = slackLinks('dev-a')['keep-1h']!;
    const anonymous = await notices.page('GET', url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.html).toContain('/.auth/login/aad');
    const page = await refusedForm(url, SAME_ORIGIN, { form: { token: tokenOf(url) } });
    expect(page.status).toBe(401);
    // No operator role is needed: the token is the authority for this one action.
    const ana = { 'x-ms-client-principal': appServicePrincipal('ana@example.com', [], 'object-ana') };
    expect((await notices.press(url, ana)).status).toBe(200);
    expect(await notices.app.services.storage.overrides.get('dev-a')).toMatchObject({
      override: { createdBy: 'ana@example.com' },
    });
    expect(await auditLines()).toContainEqual(
      expect.stringMatching(/^override \| ana@example\.com \| dev-a \| keep-1h from/),
    );
  });
});

describe('failure notices', () => {
  it('tell the target’s channels once when its stop failed (OFFHOURS_NOTIFY_FAILURES)', async () => {
    notices = await startNoticeApp({ OFFHOURS_NOTIFY_FAILURES: 'true' });
    const { app, receiver } = notices;
    app.clock.now = STOP + 10 * MINUTE;
    await app.services.storage.operations.put({
      targetName: 'dev-b',
      resourceId:
        '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/b',
      action: 'stop',
      transitionKey: `dev-b|stop|${STOP}`,
      status: 'failed',
      requestedAt: STOP,
      startedAt: STOP,
      endedAt: STOP + 5 * MINUTE,
      error: 'OperationNotAllowed: an upgrade is in progress',
    });
    await notices.notifyTick();
    await Promise.all([notices.notifyTick(), notices.notifyTick()]);
    expect(receiver.received.map((message) => message.path).sort()).toEqual(['/hook', '/slack']);
    expectCloudEvent(receiver.on('/hook')[0]!.body);
    expect(receiver.on('/hook')[0]!.body).toMatchObject({
      type: 'io.github.aks-offhours.operation.failed',
      data: { target: 'dev-b', action: 'stop', error: 'OperationNotAllowed: an upgrade is in progress' },
    });
    expect(expectSlackBlockKit(receiver.on('/slack')[0]!.body)).toEqual([]);
    // A day later it is not announced any more, and without the setting never.
    app.clock.now = STOP + 25 * 3_600_000;
    await notices.notifyTick();
    expect(receiver.received).toHaveLength(2);
  });
});

describe('maintenance alerts', () => {
  it('tell the target’s channels once of a cluster near AKS’s 12-month limit, not again the next day', async () => {
    notices = await startNoticeApp();
    const { app, receiver } = notices;
    app.clock.now = STOP + 10 * MINUTE;
    const alert = (days: number) =>
      `dev-b has been stopped for ${days} days: AKS deletes a cluster stopped for 12 months (about 2027-02-09); start it, or set its schedule's Maintenance to wake`;
    const state = (days: number) => ({
      targetName: 'dev-b',
      resourceId:
        '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/b',
      memory: {},
      problems: [],
      updatedAt: app.clock.now,
      maintenance: {
        policy: 'warn' as const,
        warnings: [alert(days)],
        alerts: [alert(days)],
        // One stop's key whatever its day count: the notice goes out once.
        notices: [{ key: 'long-stop-1770595200000', text: alert(days) }],
      },
    });
    await app.services.storage.state.save(state(301));
    await Promise.all([notices.notifyTick(), notices.notifyTick()]);
    expect(receiver.received.map((message) => message.path).sort()).toEqual(['/hook', '/slack']);
    expectCloudEvent(receiver.on('/hook')[0]!.body);
    expect(receiver.on('/hook')[0]!.body).toMatchObject({
      type: 'io.github.aks-offhours.maintenance.alert',
      data: { target: 'dev-b', alert: alert(301) },
    });
    expect(expectSlackBlockKit(receiver.on('/slack')[0]!.body)).toEqual([]);
    app.clock.now += 24 * 3_600_000;
    await app.services.storage.state.save(state(302));
    await notices.notifyTick();
    expect(receiver.received).toHaveLength(2);
  });
});
