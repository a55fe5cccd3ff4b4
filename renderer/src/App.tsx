// The app frame: navigation rail, the current screen, and a status bar with the connection state.
// The conversations screen stays mounted while Profiles is shown, so the open thread, its scroll position
// and an unsent draft are still there when the user comes back.
import { useEffect, useState, type ReactNode } from 'react';
import type { AppInfo } from '../../shared/contract';
import { api } from './api';
import { ChatIcon, KeyIcon } from './conversations/icons';
import { ConversationsScreen } from './frame/ConversationsScreen';
import { StatusBar } from './frame/StatusBar';
import { ProfilesScreen } from './profiles/ProfilesScreen';

type Screen = 'conversations' | 'profiles';

export function App() {
  const [screen, setScreen] = useState<Screen>('conversations');
  const [info, setInfo] = useState<AppInfo | null>(null);

  useEffect(() => {
    void api['app.info']({}).then((result) => result.ok && setInfo(result.data));
  }, []);

  return (
    <div className="app">
      <nav className="rail" aria-label="Main">
        <div className="brand" aria-hidden="true">
          <span className="brand-mark">GC</span>
        </div>
        <RailButton label="Conversations" icon={<ChatIcon />} current={screen === 'conversations'} onClick={() => setScreen('conversations')} />
        <RailButton label="Profiles" icon={<KeyIcon />} current={screen === 'profiles'} onClick={() => setScreen('profiles')} />
      </nav>
      <main className="screen">
        {info && info.notices.length > 0 && (
          <div className="notice" role="alert">
            {info.notices.map((notice) => (
              <p key={notice}>{notice}</p>
            ))}
          </div>
        )}
        <ConversationsScreen active={screen === 'conversations'} onOpenProfiles={() => setScreen('profiles')} />
        {screen === 'profiles' && <ProfilesScreen info={info} />}
      </main>
      <StatusBar info={info} />
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
