// Text the command line prints that it did not write itself — file and scenario names, problems, agent
// replies, profile names, error messages — without the control characters a terminal obeys: escape
// sequences could recolour, move the cursor over earlier lines (hiding a FAIL), retitle the window or
// write to the clipboard; bidirectional overrides could reorder what is shown. The CLI's own escapes (the
// progress lines it redraws) are added after this.

// C0 controls but tab and \n, DEL, C1 controls, and the bidirectional embedding, override and isolate marks.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Safe to print: control characters removed, tabs and line breaks kept (for multi-line failures). */
export function printable(text: string): string {
  return text.replace(CONTROL, '');
}

/** Safe to print on one line: control characters removed and line breaks turned into spaces. */
export function printableLine(text: string): string {
  return printable(text.replace(/\r\n|\r|\n/g, ' '));
}
