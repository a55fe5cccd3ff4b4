// The line format of the sandbox's state files: `<checksum> <json>\n`, the checksum being the first 16 hex
// digits of the SHA-256 of the JSON bytes. A file is read line by line up to the first line that is
// unfinished (a write a kill cut short), fails its checksum or is not JSON: what came before is read whole,
// that line and everything after it are returned apart, never half-read.
import { createHash } from 'node:crypto';

const CHECKSUM_CHARS = 16;
const NEWLINE = 0x0a;
const SPACE = 0x20;

export function checksumOf(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, CHECKSUM_CHARS);
}

export function encodeLine(json: string): string {
  return `${checksumOf(json)} ${json}\n`;
}

/** Where reading stopped early: the first line that could not be read (1-based), its byte offset, and why. */
export interface LineDamage {
  line: number;
  offset: number;
  reason: string;
}

export interface LinesRead {
  /** Every line before the damage (or every line), parsed, with the byte offset where it starts. */
  lines: Array<{ value: unknown; offset: number }>;
  damage?: LineDamage;
}

export function readLines(bytes: Buffer): LinesRead {
  const lines: LinesRead['lines'] = [];
  let offset = 0;
  let line = 0;
  while (offset < bytes.length) {
    line += 1;
    const end = bytes.indexOf(NEWLINE, offset);
    if (end === -1) {
      return { lines, damage: { line, offset, reason: `the line is unfinished (${bytes.length - offset} bytes without an end): a write was cut short` } };
    }
    const decoded = decodeLine(bytes.subarray(offset, end));
    if (!decoded.ok) return { lines, damage: { line, offset, reason: decoded.reason } };
    lines.push({ value: decoded.value, offset });
    offset = end + 1;
  }
  return { lines };
}

function decodeLine(raw: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (raw.length < CHECKSUM_CHARS + 2 || raw[CHECKSUM_CHARS] !== SPACE) return { ok: false, reason: 'the line does not start with a checksum' };
  const json = raw.subarray(CHECKSUM_CHARS + 1);
  if (raw.toString('latin1', 0, CHECKSUM_CHARS) !== checksumOf(json)) return { ok: false, reason: 'the checksum does not match the line' };
  try {
    return { ok: true, value: JSON.parse(json.toString('utf8')) as unknown };
  } catch {
    return { ok: false, reason: 'the line is not JSON' };
  }
}
