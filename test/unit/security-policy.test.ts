import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  WEB_PREFERENCES,
  isAllowedNavigation,
  isSafeExternalLink,
  isTrustedSender,
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
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
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

  it('never navigates away from the app and opens only web links externally', () => {
    expect(isAllowedNavigation('app://console/profiles')).toBe(true);
    expect(isAllowedNavigation('https://example.com')).toBe(false);
    expect(isAllowedNavigation('app://console.evil.com/')).toBe(false);
    expect(isSafeExternalLink('https://help.mypurecloud.com')).toBe(true);
    expect(isSafeExternalLink('file:///c:/windows/system32/calc.exe')).toBe(false);
    expect(isSafeExternalLink('javascript:alert(1)')).toBe(false);
  });
});
