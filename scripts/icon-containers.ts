// Windows .ico and macOS .icns containers written from rendered square images, so the icon set needs no
// native converter. ICO: 32-bit BMP entries below 256 px (what every Windows tool reads, NSIS included) and
// one PNG entry at 256 px. ICNS: PNG entries under the type codes iconutil uses.

/** One rendered square size: its PNG file and its pixels as straight (not premultiplied) RGBA rows. */
export interface IconImage {
  size: number;
  png: Buffer;
  rgba: Buffer;
}

export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

/** ICNS type codes by pixel size; several sizes serve two codes (1x and the half size at 2x). */
export const ICNS_TYPES: ReadonlyArray<readonly [type: string, size: number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

export function encodeIco(images: IconImage[]): Buffer {
  const entries = images.map((image) => ({ size: image.size, data: image.size >= 256 ? image.png : bmpEntry(image) }));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(entries.length, 4);
  const directory = Buffer.alloc(16 * entries.length);
  let offset = header.length + directory.length;
  entries.forEach((entry, index) => {
    const at = index * 16;
    directory.writeUInt8(entry.size >= 256 ? 0 : entry.size, at); // 0 means 256
    directory.writeUInt8(entry.size >= 256 ? 0 : entry.size, at + 1);
    directory.writeUInt8(0, at + 2); // no palette
    directory.writeUInt8(0, at + 3);
    directory.writeUInt16LE(1, at + 4); // colour planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(entry.data.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += entry.data.length;
  });
  return Buffer.concat([header, directory, ...entries.map((entry) => entry.data)]);
}

/** A DIB as ICO stores it: BITMAPINFOHEADER with doubled height, BGRA rows bottom-up, then a 1-bit AND mask. */
function bmpEntry({ size, rgba }: IconImage): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2]!;
      pixels[to + 1] = rgba[from + 1]!;
      pixels[to + 2] = rgba[from]!;
      pixels[to + 3] = rgba[from + 3]!;
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskRow * size); // all zero: the alpha channel decides transparency
  return Buffer.concat([header, pixels, mask]);
}

export function encodeIcns(images: IconImage[]): Buffer {
  const bySize = new Map(images.map((image) => [image.size, image.png]));
  const chunks = ICNS_TYPES.map(([type, size]) => {
    const png = bySize.get(size);
    if (!png) throw new Error(`The icon set has no ${size} px image for ICNS type ${type}.`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((total, chunk) => total + chunk.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}
