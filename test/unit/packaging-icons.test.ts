// The icon set made from build/icon.svg: every Linux PNG size, an ICO whose directory and entries agree
// (BMP below 256 px, PNG at 256) and an ICNS whose chunks carry PNGs of the sizes their type codes mean.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINUX_SIZES, buildIcons, renderIcon } from '../../scripts/build-icons';
import { ICNS_TYPES, ICO_SIZES } from '../../scripts/icon-containers';
import { makeTempDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '..', '..');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('npm run icons', () => {
  const out = makeTempDir('guest-console-icons-');
  let written: string[] = [];
  beforeAll(() => {
    written = buildIcons(path.join(root, 'build', 'icon.svg'), out.path);
  });
  afterAll(() => out.remove());

  it('writes the Linux PNG sizes at their real sizes', () => {
    for (const size of LINUX_SIZES) {
      expect(pngSize(fs.readFileSync(path.join(out.path, 'png', `${size}x${size}.png`)))).toEqual([size, size]);
    }
    expect(pngSize(fs.readFileSync(path.join(out.path, 'icon.png')))).toEqual([1024, 1024]);
    expect(written).toEqual(expect.arrayContaining(['icon.ico', 'icon.icns', 'icon.png']));
  });

  it('writes an ICO whose directory points at a bitmap or PNG of each size', () => {
    const ico = fs.readFileSync(path.join(out.path, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length]);
    ICO_SIZES.forEach((size, index) => {
      const at = 6 + index * 16;
      expect(ico.readUInt8(at) || 256).toBe(size);
      expect(ico.readUInt16LE(at + 6)).toBe(32);
      const length = ico.readUInt32LE(at + 8);
      const entry = ico.subarray(ico.readUInt32LE(at + 12), ico.readUInt32LE(at + 12) + length);
      expect(entry.length).toBe(length);
      if (size === 256) {
        expect(pngSize(entry)).toEqual([256, 256]);
      } else {
        expect([entry.readUInt32LE(0), entry.readInt32LE(4), entry.readInt32LE(8), entry.readUInt16LE(14)]).toEqual([40, size, size * 2, 32]);
        expect(length).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
      }
    });
  });

  it('writes an ICNS of PNG chunks matching their type codes', () => {
    const icns = fs.readFileSync(path.join(out.path, 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const chunks: Array<[string, number]> = [];
    for (let at = 8; at < icns.length; ) {
      const length = icns.readUInt32BE(at + 4);
      chunks.push([icns.toString('latin1', at, at + 4), pngSize(icns.subarray(at + 8, at + length))[0]]);
      at += length;
    }
    expect(chunks).toEqual(ICNS_TYPES.map(([type, size]) => [type, size]));
  });

  it('draws the orange tile inside a transparent margin, as macOS and Windows expect', () => {
    const svg = fs.readFileSync(path.join(root, 'build', 'icon.svg'), 'utf8');
    const { rgba } = renderIcon(svg, 64);
    const alpha = (x: number, y: number) => rgba[(y * 64 + x) * 4 + 3];
    expect([alpha(0, 0), alpha(63, 63), alpha(4, 32)]).toEqual([0, 0, 0]);
    expect([alpha(32, 32), alpha(10, 32)]).toEqual([255, 255]);
    const [red, green, blue] = rgba.subarray((10 * 64 + 10) * 4, (10 * 64 + 10) * 4 + 3);
    expect(red! > 180 && green! < 120 && blue! < 80).toBe(true);
  });
});
