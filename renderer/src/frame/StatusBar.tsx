// The status bar under every screen but presentation mode: the connection to the console host (with what to
// do when it is refused), the embedded sandbox's address, and whether this is the desktop app or the web host.
import type { AppInfo } from '../../../shared/contract';
import { useConnectionState } from '../data/use-connection-state';

const STATE_TEXT = {
  connecting: 'Connecting to the console host…',
  connected: 'Connected',
  reconnecting: 'Connection lost — reconnecting…',
  refused: 'No access — open the console from the URL the web host printed',
} as const;

export function StatusBar({ info }: { info: AppInfo | null }) {
  const state = useConnectionState();
  return (
    <footer className="statusbar">
      <span role="status" aria-label="Connection" className={`connection connection-${state}`}>
        <span className="dot" aria-hidden="true" />
        {STATE_TEXT[state]}
      </span>
      {info?.sandbox && <span className="status-item">Sandbox {info.sandbox.baseUrl.replace(/^https?:\/\//, '')}</span>}
      {info && <span className="status-item">{info.host === 'electron' ? 'Desktop' : 'Web host'} · v{info.version}</span>}
    </footer>
  );
}
