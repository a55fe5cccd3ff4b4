// The app frame: navigation rail, the current screen and the status bar. The conversations screen stays mounted
// behind the others, so an open thread, its scroll position and a draft survive a visit elsewhere. Presentation
// mode swaps rail and status bar for the operator's branded bar, enlarges the type, hides debug views and
// destructive actions, goes full screen; it stays on through a reload of the page (this tab's session storage).
// The other screens load on their first visit (their code, and the chart library, are not in the first download).
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { ConversationsScreen } from './conversations/ConversationsScreen';
import { useContractData } from './data/use-contract-data';
import { StatusBar } from './frame/StatusBar';
import { LoadIcon } from './load/LoadIcon';
import { brandStyle } from './presentation/brand-colours';
import { PresentationBar } from './presentation/PresentationBar';
import { usePresentation } from './presentation/use-presentation';
import { ScenarioIcon } from './scenarios/ScenarioIcon';
import { ChatIcon, KeyIcon, PersonIcon, PresentIcon } from './ui/icons';

const PersonasScreen = lazy(() => import('./personas/PersonasScreen').then((module) => ({ default: module.PersonasScreen })));
const ProfilesScreen = lazy(() => import('./profiles/ProfilesScreen').then((module) => ({ default: module.ProfilesScreen })));
const ScenariosScreen = lazy(() => import('./scenarios/ScenariosScreen').then((module) => ({ default: module.ScenariosScreen })));
const LoadScreen = lazy(() => import('./load/LoadScreen').then((module) => ({ default: module.LoadScreen })));
const DemoScreen = lazy(() => import('./presentation/DemoScreen').then((module) => ({ default: module.DemoScreen })));

type Screen = 'conversations' | 'personas' | 'profiles' | 'demo' | 'load' | 'scenarios';

const PRESENTING_KEY = 'guest-console.presenting';

export function App() {
  const [screen, setScreen] = useState<Screen>('conversations');
  const info = useContractData('app.info', {}).data ?? null;
  const [presenting, setPresenting] = useState(() => sessionStorage.getItem(PRESENTING_KEY) === 'true');
  const presentation = usePresentation();
  /** The profile Profiles opens on when another screen sends the user there to fix it. */
  const [profileToOpen, setProfileToOpen] = useState<string | undefined>(undefined);

  // A file dropped where nothing takes it must not replace the console with the file (the browser's default).
  useEffect(() => {
    const keep = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', keep);
    window.addEventListener('drop', keep);
    return () => {
      window.removeEventListener('dragover', keep);
      window.removeEventListener('drop', keep);
    };
  }, []);

  const present = () => {
    setScreen('conversations');
    setPresenting(true);
    sessionStorage.setItem(PRESENTING_KEY, 'true');
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  const stopPresenting = () => {
    setPresenting(false);
    sessionStorage.removeItem(PRESENTING_KEY);
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  };

  return (
    <div className={`app ${presenting ? 'presenting' : ''}`} style={presenting ? brandStyle(presentation.brandColour) : undefined}>
      {presenting && <PresentationBar presentation={presentation} onExit={stopPresenting} />}
      <nav className="rail" aria-label="Main" hidden={presenting}>
        <div className="brand" aria-hidden="true">
          <span className="brand-mark">GC</span>
        </div>
        <RailButton label="Conversations" icon={<ChatIcon />} current={screen === 'conversations'} onClick={() => setScreen('conversations')} />
        <RailButton label="Personas" icon={<PersonIcon />} current={screen === 'personas'} onClick={() => setScreen('personas')} />
        <RailButton
          label="Profiles"
          icon={<KeyIcon />}
          current={screen === 'profiles'}
          onClick={() => {
            setProfileToOpen(undefined);
            setScreen('profiles');
          }}
        />
        <RailButton label="Scenarios" icon={<ScenarioIcon />} current={screen === 'scenarios'} onClick={() => setScreen('scenarios')} />
        <RailButton label="Load runs" icon={<LoadIcon />} current={screen === 'load'} onClick={() => setScreen('load')} />
        <RailButton label="Demo" icon={<PresentIcon />} current={screen === 'demo'} onClick={() => setScreen('demo')} />
      </nav>
      <main className="screen">
        {info && info.notices.length > 0 && (
          <div className="notice" role="alert">
            {info.notices.map((notice) => (
              <p key={notice}>{notice}</p>
            ))}
          </div>
        )}
        <ConversationsScreen
          active={screen === 'conversations'}
          onOpenProfiles={(profileId) => {
            setProfileToOpen(profileId);
            setScreen('profiles');
          }}
        />
        <Suspense fallback={<p className="screen-loading" role="status">Loading…</p>}>
          {screen === 'personas' && <PersonasScreen />}
          {screen === 'profiles' && <ProfilesScreen info={info} initialProfileId={profileToOpen} />}
          {screen === 'scenarios' && <ScenariosScreen dataDirectory={info?.dataDirectory} />}
          {screen === 'load' && <LoadScreen />}
          {screen === 'demo' && <DemoScreen presentation={presentation} onPresent={present} />}
        </Suspense>
      </main>
      {!presenting && <StatusBar info={info} />}
    </div>
  );
}

function RailButton(props: { label: string; icon: ReactNode; current: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      className="rail-button"
      aria-current={props.current ? 'page' : undefined}
      onClick={props.onClick}
      title={props.label}
    >
      <span aria-hidden="true" className="rail-icon">
        {props.icon}
      </span>
      <span className="rail-label">{props.label}</span>
    </button>
  );
}
