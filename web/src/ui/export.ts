/** File downloads from the page: SVG, PNG and CSV exports of the views. */

/** Starts a browser download of `blob` under `fileName`. */
export function download(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** RFC 4180 CSV text: a header row, then one row per record; numbers in full precision. */
export function toCsv(header: string[], rows: Array<Array<number | string>>, comments: string[] = []): string {
  const cell = (v: number | string) => {
    if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
    return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const lines = [...comments.map((c) => `# ${c}`), header.map(cell).join(','), ...rows.map((r) => r.map(cell).join(','))];
  return lines.join('\n') + '\n';
}

/** Blob of CSV text. */
export function csvBlob(text: string): Blob {
  return new Blob([text], { type: 'text/csv;charset=utf-8' });
}
