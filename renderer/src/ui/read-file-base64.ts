// A file the user picked, as the base64 the `attachments.send` request carries.

export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const dataUrl = String(reader.result);
      resolve(dataUrl.slice(dataUrl.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error(reader.error?.message ?? 'The file could not be read.'));
    reader.readAsDataURL(file);
  });
}
