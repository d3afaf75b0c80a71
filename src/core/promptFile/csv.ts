// A small RFC 4180 CSV reader: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF.

export interface CsvRecord {
  readonly fields: string[];
  /** 1-based line where the record starts. */
  readonly line: number;
}

/** Thrown for malformed CSV, with the 1-based line of the problem. */
export class CsvError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

/** Splits CSV text into records; throws CsvError on an unterminated quote or text after a closing quote. */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let atFieldStart = true;
  const n = src.length;
  const endRecord = (): void => {
    fields.push(field);
    // A blank line is not a record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (i < n) {
    const c = src[i];
    if (atFieldStart && c === '"') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= n) throw new CsvError(`a quoted field opened on line ${quoteLine} is never closed; add the closing "`, quoteLine);
        const q = src[i];
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n' || (q === '\r' && src[i + 1] !== '\n')) line++;
        field += q;
        i++;
      }
      atFieldStart = false;
      const next = src[i];
      if (i < n && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvError(`line ${line}: text after a closing quote; quote the whole field and double any " inside it`, line);
      }
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += c;
      atFieldStart = false;
      i++;
    }
  }
  if (field !== '' || fields.length > 0 || !atFieldStart) endRecord();
  return records;
}
