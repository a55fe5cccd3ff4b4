// The console page's Content-Security-Policy, one definition for both hosts (Electron's app:// handler and
// the web host). Scripts only from the app; images also from https (agents' attachments and card images
// live on Genesys and customer hosts) and from the loopback sandbox.

export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http://127.0.0.1:*",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
