// A file a scenario may send with `attachment: { file }`: a relative path to a regular file inside the
// scenario's folder (or below it). Absolute paths, `..` that leaves the folder and links that point out of
// it are refused; links are resolved (realpath) before the check. The parser checks when it reads the file
// and the runner again just before reading the bytes, so a file swapped for a link meanwhile is refused too.
import fs from 'node:fs';
import path from 'node:path';

export type AttachmentFile = { ok: true; path: string } | { ok: false; message: string };

export function attachmentFile(folder: string, file: string): AttachmentFile {
  if (path.isAbsolute(file) || path.win32.isAbsolute(file)) {
    return { ok: false, message: `the file ${file} is an absolute path; an attachment is a path inside the scenario's folder, like files/notes.txt` };
  }
  let root: string;
  try {
    root = fs.realpathSync(folder);
  } catch {
    return { ok: false, message: `the scenario's folder ${folder} cannot be read` };
  }
  const wanted = path.resolve(root, file);
  if (!inside(root, wanted)) return { ok: false, message: `the file ${file} is outside the scenario's folder; an attachment is a path inside it, like files/notes.txt` };
  let real: string;
  try {
    real = fs.realpathSync(wanted);
  } catch {
    return { ok: false, message: `the file ${file} was not found next to the scenario (${wanted})` };
  }
  if (!inside(root, real)) return { ok: false, message: `the file ${file} is a link to a file outside the scenario's folder; attachments stay inside it` };
  if (!fs.statSync(real).isFile()) return { ok: false, message: `${file} is not a file` };
  return { ok: true, path: real };
}

function inside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
}
