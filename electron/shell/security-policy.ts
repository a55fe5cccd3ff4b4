// The desktop window's security settings as plain data and pure functions, so tests can check them
// without an Electron runtime (this file imports nothing from `electron`). window.ts and main.ts apply them.

import { contentSecurityPolicy } from '../../shared/content-security-policy';

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const IPC_PREFIX = 'gc:';
export const IPC_EVENT_CHANNEL = 'gc:event';

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: true,
} as const;

// The window's CSP is fixed before the sandbox has a port, so it still allows images from any loopback port.
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy({ connect: [], images: ['http://127.0.0.1:*'] });

/** IPC is answered only for the app's own top-level page. */
export function isTrustedSender(frame: { url: string; isTopLevel: boolean } | null | undefined): boolean {
  if (!frame || !frame.isTopLevel) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The window never navigates away from the app; new windows are never opened. */
export function isAllowedNavigation(target: string): boolean {
  try {
    const url = new URL(target);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Links the user clicks open in the system browser, but only plain web links. */
export function isSafeExternalLink(target: string): boolean {
  try {
    const url = new URL(target);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
