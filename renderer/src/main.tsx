// The page's entry: the global stylesheets in cascade order (theme first, each later sheet relies on its
// variables and may override what comes before), then the app in React's strict mode.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/theme.css';
import './styles/shell.css';
import './styles/forms.css';
import './styles/status-bar.css';
import './styles/open-messaging-setup.css';
import './styles/conversation-tools.css';
import './styles/agent-desk.css';
import './styles/personas.css';
import './styles/profiles.css';
import './styles/shortcuts.css';
import './styles/presentation.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
