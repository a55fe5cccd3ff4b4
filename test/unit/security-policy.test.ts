import { describe, expect, it } from 'vitest';
import {
  appContentSecurityPolicy,
  OPEN_LINK_BUTTON,
  SWITCHES_REFUSED_WHEN_PACKAGED,
  WEB_PREFERENCES,
  externalLinkDecision,
  isAllowedNavigation,
  isTrustedSender,
  refusedStartSwitches,
  refusedSwitchesMessage,
} from '../../electron/shell/security-policy';

describe('the desktop window security policy', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a strict CSP: scripts only from the app, no objects, no framing', () => {
    const policy = appContentSecurityPolicy('http://127.0.0.1:4710');
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
  });

  it('lets the window load images from https and the sandbox\'s exact origin, never another loopback port', () => {
    const images = appContentSecurityPolicy('http://127.0.0.1:4710').split(';').map((part) => part.trim()).find((part) => part.startsWith('img-src'));
    expect(images?.split(/\s+/).slice(1)).toEqual(["'self'", 'data:', 'blob:', 'https:', 'http://127.0.0.1:4710']);
  });

  it('answers IPC only from the app page in a top-level frame', () => {
    expect(isTrustedSender({ url: 'app://console/index.html', isTopLevel: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://console/index.html', isTopLevel: false })).toBe(false);
    expect(isTrustedSender({ url: 'app://evil/index.html', isTopLevel: true })).toBe(false);
    expect(isTrustedSender({ url: 'https://console/index.html', isTopLevel: true })).toBe(false);
    expect(isTrustedSender({ url: 'file:///etc/passwd', isTopLevel: true })).toBe(false);
    expect(isTrustedSender({ url: 'not a url', isTopLevel: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('never navigates away from the app', () => {
    expect(isAllowedNavigation('app://console/profiles')).toBe(true);
    expect(isAllowedNavigation('https://example.com')).toBe(false);
    expect(isAllowedNavigation('app://console.evil.com/')).toBe(false);
  });
});

describe('links from a conversation', () => {
  it('asks before any web link opens, naming the host, with Cancel as the default answer', () => {
    const decision = externalLinkDecision('https://help.mypurecloud.com/articles/x?y=1');
    expect(decision).toEqual({
      kind: 'ask',
      url: 'https://help.mypurecloud.com/articles/x?y=1',
      question: expect.objectContaining({ type: 'question', message: 'Open help.mypurecloud.com in your browser?', defaultId: 0, cancelId: 0, noLink: true }),
    });
    if (decision.kind !== 'ask') return;
    expect(decision.question.buttons[OPEN_LINK_BUTTON]).toBe('Open in Browser');
    expect(decision.question.buttons[decision.question.defaultId]).toBe('Cancel');
    expect(decision.question.detail).toContain('https://help.mypurecloud.com/articles/x?y=1');
  });

  it('warns that a plain http link is not encrypted', () => {
    const decision = externalLinkDecision('http://shop.example:8080/cart');
    expect(decision).toMatchObject({ kind: 'ask', question: { type: 'warning', message: 'Open shop.example:8080 in your browser?' } });
    if (decision.kind === 'ask') expect(decision.question.detail).toMatch(/not encrypted \(http\)/);
  });

  it('shows the real host: punycode for look-alike letters, the host after any "user@"', () => {
    expect(externalLinkDecision('https://аррӏе.com/login')).toMatchObject({ question: { message: 'Open xn--80ak6aa92e.com in your browser?' } });
    expect(externalLinkDecision('https://support.genesys.com.evil.example/')).toMatchObject({ question: { message: 'Open support.genesys.com.evil.example in your browser?' } });
  });

  it('refuses everything but http and https, and links carrying credentials', () => {
    for (const url of ['file:///c:/windows/system32/calc.exe', 'javascript:alert(1)', 'mailto:someone@example.com?attach=/etc/passwd', 'smb://host/share', 'ms-msdt:/id', 'app://console/x', 'not a url', '']) {
      expect(externalLinkDecision(url)).toMatchObject({ kind: 'refuse' });
    }
    expect(externalLinkDecision('https://support.genesys.com@evil.example/')).toEqual({ kind: 'refuse', reason: 'it carries a user name or password' });
  });

  it('shortens a very long address in the question but opens it whole', () => {
    const long = `https://example.com/${'a'.repeat(5000)}`;
    const decision = externalLinkDecision(long);
    expect(decision).toMatchObject({ kind: 'ask', url: long });
    if (decision.kind === 'ask') expect(decision.question.detail.length).toBeLessThan(500);
  });
});

describe('debugging switches', () => {
  it('finds every switch that would hand an installed console to a debugger', () => {
    const given = new Set(['remote-debugging-port', 'inspect-brk', 'lang']);
    expect(refusedStartSwitches((name) => given.has(name))).toEqual(['remote-debugging-port', 'inspect-brk']);
    expect(refusedStartSwitches(() => false)).toEqual([]);
    expect(SWITCHES_REFUSED_WHEN_PACKAGED).toEqual(expect.arrayContaining(['remote-debugging-port', 'remote-debugging-pipe', 'inspect', 'inspect-brk', 'js-flags']));
  });

  it('says which switch was refused, why, and what to do instead', () => {
    const message = refusedSwitchesMessage(['remote-debugging-port']);
    expect(message).toContain('--remote-debugging-port');
    expect(message).toContain('npm start');
  });
});
