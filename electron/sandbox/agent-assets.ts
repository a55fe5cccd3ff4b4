// The images the shipped agents show (card and carousel pictures), served by the sandbox itself at
// `/assets/<name>` so an offline sandbox makes no request to the internet. Only the files of the shipped
// `scripts/assets/` folder, by plain name; anything else is a 404. A script names one by a path starting with
// `/`, which the sandbox resolves against its own address when the message goes out.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

export const ASSETS_PATH_PREFIX = '/assets/';

const TYPES: Record<string, string> = { '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };

export interface AgentAssets {
  /** Answers `GET /assets/<name>`; false for another path. */
  handle(method: string | undefined, pathname: string, res: ServerResponse): boolean;
}

export function createAgentAssets(directory: string): AgentAssets {
  const files = new Map<string, { bytes: Buffer; type: string }>();
  let names: string[] = [];
  try {
    names = readdirSync(directory);
  } catch {
    names = [];
  }
  for (const name of names) {
    const type = TYPES[path.extname(name).toLowerCase()];
    if (type) files.set(name, { bytes: readFileSync(path.join(directory, name)), type });
  }
  return {
    handle(method, pathname, res) {
      if (!pathname.startsWith(ASSETS_PATH_PREFIX)) return false;
      const file = method === 'GET' || method === 'HEAD' ? files.get(pathname.slice(ASSETS_PATH_PREFIX.length)) : undefined;
      if (!file) {
        const body = JSON.stringify({ message: `No sandbox asset at ${pathname}.`, code: 'not.found', status: 404, details: [], errors: [] });
        res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
        res.end(body);
        return true;
      }
      res.writeHead(200, {
        'Content-Type': file.type,
        'Content-Length': String(file.bytes.length),
        'Cache-Control': 'public, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
        // An SVG opened on its own runs nothing.
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(method === 'HEAD' ? undefined : file.bytes);
      return true;
    },
  };
}

/** A card's or avatar's image as it goes out: a path (`/assets/…`) becomes a URL on the sandbox. */
export function resolveImage(image: string | undefined, baseUrl: string): string | undefined {
  return image !== undefined && image.startsWith('/') && !image.startsWith('//') ? `${baseUrl}${image}` : image;
}
