import { useEffect, useState } from 'preact/hooks';
import { call } from './api.js';
import type { WhoAmIResponse } from './apiTypes.js';
import { FleetView } from './FleetView.js';
import { SchedulesView } from './SchedulesView.js';
import { TargetPage } from './TargetPage.js';

/** The page's place, in the URL's fragment: `#/`, `#/targets/<name>`, `#/schedules`, `#/schedules/<name>`. */
type Route = { view: 'fleet' } | { view: 'target'; name: string } | { view: 'schedules'; name?: string };

function routeOf(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'targets' && parts[1]) return { view: 'target', name: parts.slice(1).join('/') };
  if (parts[0] === 'schedules')
    return parts[1] ? { view: 'schedules', name: parts[1] } : { view: 'schedules' };
  return { view: 'fleet' };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/**
 * App Service Authentication's own endpoints (docs/security.md): where a function-key caller can
 * sign in and come back to this very view, or sign out.
 */
function SignInLink({ signedIn }: { signedIn: boolean }) {
  if (signedIn) return <a href="/.auth/logout">Sign out</a>;
  const back = encodeURIComponent(location.pathname + location.search + location.hash);
  return <a href={`/.auth/login/aad?post_login_redirect_uri=${back}`}>Sign in</a>;
}

export function App() {
  const route = useRoute();
  const [me, setMe] = useState<WhoAmIResponse | undefined>();
  useEffect(() => {
    call<WhoAmIResponse>('GET', 'me').then(
      ({ body }) => setMe(body),
      () => setMe(undefined),
    );
  }, []);
  useEffect(() => {
    const title = route.view === 'target' ? route.name : route.view === 'schedules' ? 'Schedules' : 'Fleet';
    document.title = `${title} · AKS Off-Hours`;
    document.getElementById('main')?.focus();
  }, [route.view, route.view === 'target' ? route.name : '']);
  const canChange = me?.canChange ?? false;
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="top">
        <span class="brand">AKS Off-Hours</span>
        <nav aria-label="Sections">
          <a href="#/" aria-current={route.view !== 'schedules' ? 'page' : undefined}>
            Fleet
          </a>
          <a href="#/schedules" aria-current={route.view === 'schedules' ? 'page' : undefined}>
            Schedules
          </a>
        </nav>
        <p class="who" data-testid="who">
          {me === undefined
            ? 'Checking who you are…'
            : me.signedIn
              ? `Signed in as ${me.name}${canChange ? ' (operator)' : ' (read only)'}`
              : canChange
                ? 'Not signed in: local or function-key access, changes allowed'
                : 'Not signed in: read only'}{' '}
          {me?.appServiceAuthentication ? <SignInLink signedIn={me.signedIn} /> : null}
        </p>
      </header>
      <main id="main" tabIndex={-1}>
        {me && !canChange && me.whyNot ? (
          <p class="note" role="note">
            Buttons that change things are hidden: {me.whyNot}
          </p>
        ) : null}
        {route.view === 'fleet' ? <FleetView /> : null}
        {route.view === 'target' ? <TargetPage name={route.name} canChange={canChange} /> : null}
        {route.view === 'schedules' ? <SchedulesView name={route.name} canChange={canChange} /> : null}
      </main>
    </>
  );
}
