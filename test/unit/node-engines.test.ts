// The Node the project says it needs (package.json "engines") is the Node it runs on, and the Electron
// helpers that declare node >=22.12 (the reason .npmrc shows an install's errors only) load on it: they are
// ES modules loaded through require(), which Node has had since 20.19.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(path.join(root, 'package.json'));
/** Whether `version` meets a lower bound such as ">=20.19" or ">= 22.12.0" (the only ranges these packages use). */
function atLeast(version: string, range: string): boolean {
  const bound = range.match(/^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/);
  if (!bound) throw new Error(`Unexpected engines range ${range}`);
  const have = version.split('.').map(Number);
  const want = bound.slice(1).map((part) => Number(part ?? 0));
  for (let index = 0; index < 3; index += 1) if (have[index] !== want[index]) return have[index]! > want[index]!;
  return true;
}
const manifest = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { engines?: { node?: string } };

describe('the Node this project needs', () => {
  it('is the Node this runs on', () => {
    expect(atLeast(process.versions.node, manifest(path.join(root, 'package.json')).engines!.node!)).toBe(true);
  });

  it('loads the Electron helpers that ask for more, the way electron\'s install script does (require)', () => {
    const stricter = ['electron', '@electron/get', '@electron-internal/extract-zip', '@electron/rebuild', 'node-abi'].filter((name) => {
      const wanted = manifest(path.join(root, 'node_modules', name, 'package.json')).engines?.node;
      return wanted !== undefined && !atLeast('20.19.0', wanted);
    });
    expect(stricter.length).toBeGreaterThan(0); // else .npmrc's note is out of date
    expect(typeof (require('@electron/get') as { downloadArtifact: unknown }).downloadArtifact).toBe('function');
    expect(typeof (require('@electron/rebuild') as { rebuild: unknown }).rebuild).toBe('function');
    expect(typeof (require('node-abi') as { getAbi: unknown }).getAbi).toBe('function');
    expect(typeof (require('@electron-internal/extract-zip') as { extract: unknown }).extract).toBe('function');
  });
});
