/** Saves text as a file the browser downloads: a Blob behind a temporary link with `download`. */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Some browsers read the Blob after the click returns: free it once the download surely has it.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
}
