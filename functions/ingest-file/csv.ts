/**
 * A streaming RFC 4180 CSV reader, chunk in, records out. Lines without a quote take a fast path
 * (`split(',')`), which is most of a machine-written file; quoted fields (commas, doubled quotes,
 * line breaks inside) go through a small state machine that can stop at a chunk's end and resume.
 * Chosen over csv-parse after measuring: the ingest's 200 MB test ran several times faster.
 */

/** One parsed record: its fields and the line it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/** Feeds text chunks; returns the complete records each chunk finished. */
export class CsvReader {
  private rest = '';
  private line = 1;
  private started = false;

  /** Parses `chunk` (plus what was left over); keeps an incomplete last record for later. */
  push(chunk: string): CsvRecord[] {
    let buf = this.rest + chunk;
    if (!this.started) {
      if (buf.length === 0) return [];
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      this.started = true;
    }
    const out: CsvRecord[] = [];
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf('\n', pos);
      if (nl < 0) break;
      const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const text = buf.slice(pos, end);
      if (text.indexOf('"') < 0) {
        if (text.trim() !== '') out.push({ line: this.line, fields: text.split(',').map((f) => f.trim()) });
        this.line++;
        pos = nl + 1;
        continue;
      }
      const quoted = this.quoted(buf, pos, false);
      if (!quoted) break; // a quoted field runs past this chunk
      out.push(quoted.record);
      pos = quoted.end;
    }
    this.rest = buf.slice(pos);
    return out;
  }

  /** The last record when the input ended without a line break. */
  end(): CsvRecord[] {
    const buf = this.rest;
    this.rest = '';
    if (buf.trim() === '') return [];
    if (buf.indexOf('"') < 0) return [{ line: this.line, fields: buf.replace(/\r$/, '').split(',').map((f) => f.trim()) }];
    const q = this.quoted(buf, 0, true);
    return q ? [q.record] : [];
  }

  /** Parses one record with quotes from `pos`; undefined when it needs more input. */
  private quoted(buf: string, pos: number, final: boolean): { record: CsvRecord; end: number } | undefined {
    const fields: string[] = [];
    const startLine = this.line;
    let lines = 0;
    let i = pos;
    for (;;) {
      let value: string;
      while (buf[i] === ' ' || buf[i] === '\t') i++; // trim before an opening quote
      if (buf[i] === '"') {
        let v = '';
        let j = i + 1;
        for (;;) {
          const q = buf.indexOf('"', j);
          if (q < 0) {
            if (!final) return undefined;
            v += buf.slice(j);
            j = buf.length;
            break;
          }
          v += buf.slice(j, q);
          if (buf[q + 1] === '"') {
            v += '"';
            j = q + 2;
            continue;
          }
          j = q + 1;
          break;
        }
        for (let k = 0; k < v.length; k++) if (v.charCodeAt(k) === 10) lines++;
        // anything between the closing quote and the separator is kept, as csv-parse's relax_quotes would
        let k = j;
        while (k < buf.length && buf[k] !== ',' && buf[k] !== '\n') k++;
        if (k >= buf.length && !final) return undefined;
        value = v + buf.slice(j, k).replace(/\r$/, '').trim();
        i = k;
      } else {
        let k = i;
        while (k < buf.length && buf[k] !== ',' && buf[k] !== '\n') k++;
        if (k >= buf.length && !final) return undefined;
        value = buf.slice(i, k).replace(/\r$/, '').trim();
        i = k;
      }
      fields.push(value);
      if (i >= buf.length) {
        this.line += lines + 1;
        return { record: { line: startLine, fields }, end: i };
      }
      if (buf[i] === '\n') {
        this.line += lines + 1;
        return { record: { line: startLine, fields }, end: i + 1 };
      }
      i++; // the comma
    }
  }
}
