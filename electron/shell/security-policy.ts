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

/** The window's CSP: images from https and from the embedded sandbox's exact origin only, never any other
 *  loopback port, so an agent's image cannot make the window call other local servers. */
export function appContentSecurityPolicy(sandboxOrigin: string): string {
  return contentSecurityPolicy({ connect: [], images: [sandboxOrigin] });
}

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

/** The native question asked before a link leaves the console (Electron's MessageBoxOptions, as data). */
export interface LinkQuestion {
  type: 'question' | 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
}

/** The button of a LinkQuestion that opens the link; Cancel is the default, so Enter never opens one. */
export const OPEN_LINK_BUTTON = 1;

export type ExternalLinkDecision = { kind: 'ask'; url: string; question: LinkQuestion } | { kind: 'refuse'; reason: string };

const LONGEST_SHOWN_LINK = 300;

/**
 * What happens to a link the page asks to open (agents decide what a conversation links to). Only http and
 * https ever reach the system browser — no mailto:, file:, custom app schemes — and every one of them waits
 * for the person's "Open": Electron does not say whether the page had a user gesture, so the question is
 * the gesture, and a demo in front of customers never throws a browser over the console by accident. The
 * host is shown as the URL parser reads it (punycode for look-alike letters); plain http gets a warning.
 */
export function externalLinkDecision(target: string): ExternalLinkDecision {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { kind: 'refuse', reason: 'it is not a web address' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'refuse', reason: `"${url.protocol}" links never open from the console` };
  if (url.username || url.password) return { kind: 'refuse', reason: 'it carries a user name or password' };
  const shown = url.href.length > LONGEST_SHOWN_LINK ? `${url.href.slice(0, LONGEST_SHOWN_LINK)}…` : url.href;
  const secure = url.protocol === 'https:';
  return {
    kind: 'ask',
    url: url.href,
    question: {
      type: secure ? 'question' : 'warning',
      title: 'Open link',
      message: `Open ${url.host} in your browser?`,
      detail: secure
        ? `${shown}\n\nThe link comes from a conversation.`
        : `${shown}\n\nThis link is not encrypted (http): anyone on the network can read or change the page it opens. The link comes from a conversation.`,
      buttons: ['Cancel', 'Open in Browser'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    },
  };
}

/**
 * Command-line switches an installed console refuses to start with: each hands the app to a debugger
 * (Chromium's DevTools port or pipe, Node's inspector) or changes its JavaScript engine. A DevTools port
 * listens on 127.0.0.1 without a password, so any local process or user could drive the console and the
 * org credentials it holds. The fuse enableNodeCliInspectArguments already makes Electron ignore --inspect*;
 * refusing them too tells the person why nothing happened.
 */
export const SWITCHES_REFUSED_WHEN_PACKAGED = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'inspect',
  'inspect-brk',
  'inspect-brk-node',
  'inspect-port',
  'inspect-publish-uid',
  'js-flags',
] as const;

/** The refused switches present on this start; `hasSwitch` is Electron's app.commandLine.hasSwitch. */
export function refusedStartSwitches(hasSwitch: (name: string) => boolean): string[] {
  return SWITCHES_REFUSED_WHEN_PACKAGED.filter((name) => hasSwitch(name));
}

export function refusedSwitchesMessage(switches: readonly string[]): string {
  const named = switches.map((name) => `--${name}`).join(', ');
  return (
    `Guest Console does not start with ${named}. An installed console never opens a debugging port: ` +
    'anything on this machine could connect to it and use the conversations and org credentials the console holds. ' +
    'Start it without that option; to debug, run the console from its source tree (npm start).'
  );
}
