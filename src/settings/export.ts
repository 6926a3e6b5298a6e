// History export for the user and their security team. CSV files are opened in spreadsheet
// software, and a sender's name is attacker-controlled: cells are escaped per RFC 4180 and
// neutralised against formula injection (OWASP "CSV Injection").
import type { HistoryEntry } from './schema';

export const HISTORY_EXPORT_FORMAT = 'approach-guard.history';
/** 2 added `seenSenders`: every sender read, flagged or not; 3, where each was read (`surfaces`). */
export const HISTORY_EXPORT_VERSION = 3;

const COLUMNS = ['profileId', 'profileUrl', 'name', 'firstSeen', 'lastSeen', 'highestLevel'] as const;

// = + - @ start formulas; tab and CR do too in some spreadsheet imports; the full-width forms
// are folded to ASCII by some East Asian locales.
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** One CSV field: formula-neutralised with a leading apostrophe, then quoted if needed. */
export function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const newestFirst = (entries: readonly HistoryEntry[]) =>
  [...entries].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen) || a.profileUrl.localeCompare(b.profileUrl));

export interface CsvOptions {
  /** A UTF-8 byte-order mark, without which Excel misreads non-Latin names. Default true. */
  bom?: boolean;
}

export function historyToCsv(entries: readonly HistoryEntry[], options: CsvOptions = {}): string {
  const rows = [COLUMNS.join(',')];
  for (const entry of newestFirst(entries)) {
    rows.push(COLUMNS.map((column) => csvCell(entry[column] ?? '')).join(','));
  }
  return `${options.bom === false ? '' : '\uFEFF'}${rows.join('\r\n')}\r\n`;
}

const rowsOf = (entries: readonly HistoryEntry[]) =>
  newestFirst(entries).map((entry) => {
    const row: Record<string, string | string[]> = {};
    for (const column of COLUMNS) if (entry[column] !== undefined) row[column] = entry[column];
    if (entry.surfaces) row.surfaces = [...entry.surfaces];
    return row;
  });

/** `entries` are the flagged senders; `seenSenders` every sender read, flagged or not. */
export function historyToJson(entries: readonly HistoryEntry[], exportedAt: Date, seenSenders: readonly HistoryEntry[] = []): string {
  const document = {
    format: HISTORY_EXPORT_FORMAT,
    version: HISTORY_EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    entries: rowsOf(entries),
    seenSenders: rowsOf(seenSenders),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `approach-guard-history-2026-11-23.csv` */
export function historyExportFileName(kind: 'csv' | 'json', exportedAt: Date): string {
  return `approach-guard-history-${exportedAt.toISOString().slice(0, 10)}.${kind}`;
}
