// Hands text to the user as a downloaded file (an exported transcript or profile list). Works the same in
// the web host and in Electron, where the shell shows its save dialog for downloads.
export function saveFile(file: { fileName: string; mime: string; content: string }): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
