// Which URLs from a message the page may use. Agents (and the platform) decide what a message carries, so
// links open only if they are plain web links, and images load only from the web or inline data.

function protocolOf(url: string): string | null {
  try {
    return new URL(url).protocol;
  } catch {
    return null;
  }
}

export function isWebLink(url: string): boolean {
  const protocol = protocolOf(url);
  return protocol === 'https:' || protocol === 'http:';
}

export function isImageSource(url: string): boolean {
  return isWebLink(url) || url.startsWith('data:image/') || protocolOf(url) === 'blob:';
}
