// The console page's Content-Security-Policy, one definition for both hosts (Electron's app:// handler and
// the web host). Scripts only from the app; images also from https (agents' attachments and card images
// live on Genesys and customer hosts), from data:/blob: (logo and file previews) and from the origins the
// host names — the embedded sandbox's exact origin, never a whole port range of 127.0.0.1, so an agent's
// image cannot make the page call other local servers.

export function contentSecurityPolicy(sources: { connect: readonly string[]; images: readonly string[] }): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src ${["'self'", 'data:', 'blob:', 'https:', ...sources.images].join(' ')}`,
    `connect-src ${["'self'", ...sources.connect].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
