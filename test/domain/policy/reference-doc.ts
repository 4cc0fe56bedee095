import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Reads the denials reference (shared/, beside the repository) and extracts its CARC and RARC tables,
 * so the rules tables are checked against the document rather than against themselves.
 */
export const REFERENCE_PATH = resolve(__dirname, '../../../../shared/reference/denials-domain.md');

export function loadReference(): string | null {
  return existsSync(REFERENCE_PATH) ? readFileSync(REFERENCE_PATH, 'utf8') : null;
}

export const ACTION_TAGS = ['FIX', 'DOCS', 'APPEAL', 'NEXT', 'PT', 'WO', 'POST', 'VERIFY'] as const;
export const CATEGORY_KEYS = ['ELIG', 'AUTH', 'MEDNEC', 'CODING', 'DUP', 'TF', 'INFO', 'PROV', 'COB', 'NONCOV', 'CONTRACT', 'PR', 'PRICING', 'POS', 'OTHER'] as const;

export interface CarcRow {
  code: string;
  meaning: string;
  category: string;
  groups: string[];
  action: string;
}

export interface RarcRow {
  code: string;
  meaning: string;
  refines: string;
}

function section(doc: string, startHeading: string, endMarker: string): string {
  const start = doc.indexOf(startHeading);
  const end = doc.indexOf(endMarker, start);
  if (start < 0 || end < 0) throw new Error(`reference section not found: ${startHeading}`);
  return doc.slice(start, end);
}

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) =>
      line
        .slice(1, line.lastIndexOf('|'))
        .split('|')
        .map((cell) => cell.trim()),
    );
}

/** '173–176' → 173..176; 'B17–B19' → B17..B19; '250–252' → 250..252. */
export function expandCodes(text: string): string[] {
  return text
    .split(/,\s*/)
    .map((t) => t.trim())
    .filter(Boolean)
    .flatMap((token) => {
      const range = /^([A-Z]*)(\d+)[–-]([A-Z]*)(\d+)$/.exec(token);
      if (!range) return [token];
      const prefix = range[1] ?? '';
      const from = Number(range[2]);
      const to = Number(range[4]);
      return Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
    });
}

export function carcTable(doc: string): CarcRow[] {
  const rows = tableRows(section(doc, '### 2.2 Table', '**Sources §2:**'));
  return rows
    .filter((cells) => cells[0] !== 'CARC' && cells.length === 5)
    .flatMap(([code = '', meaning = '', category = '', group = '', action = '']) =>
      expandCodes(code).map((c) => ({
        code: c,
        meaning,
        category: /^[A-Z]+/.exec(category)?.[0] ?? category,
        groups: [...group.matchAll(/\b(CO|PR|OA|PI)\b/g)].map((m) => m[1] as string),
        action,
      })),
    );
}

export function rarcTable(doc: string): RarcRow[] {
  const rows = tableRows(section(doc, '## 3. Remittance Advice Remark Codes', '**Sources §3:**'));
  return rows
    .filter((cells) => cells[0] !== 'RARC' && cells.length === 3)
    .map(([code = '', meaning = '', refines = '']) => ({ code, meaning, refines }));
}

/** Action tags in the order the cell mentions them. */
export function actionTags(cell: string): string[] {
  const tags = [...cell.matchAll(/\b(FIX|DOCS|APPEAL|NEXT|PT|WO|POST|VERIFY)\b/g)].map((m) => m[1] as string);
  return [...new Set(tags)];
}

export function categoryKeys(cell: string): string[] {
  return [...cell.matchAll(/\b(ELIG|AUTH|MEDNEC|CODING|DUP|TF|INFO|PROV|COB|NONCOV|CONTRACT|PRICING|POS|OTHER|PR)\b(?!-)/g)].map((m) => m[1] as string);
}

/** Codes in the "… many numeric codes (…) are **deactivated**" sentence of section 2. */
export function deactivatedCarcs(doc: string): string[] {
  const m = /many numeric codes \(([^)]*)\)\s*are \*\*deactivated\*\*/s.exec(doc);
  if (!m?.[1]) throw new Error('deactivated CARC sentence not found');
  return expandCodes(m[1].replace(/\s+/g, ' '));
}

/** Codes in "Several CARCs **require** at least one non-Alert RARC: …". */
export function rarcRequiringCarcs(doc: string): string[] {
  const m = /Several CARCs \*\*require\*\* at least one non-Alert RARC: ([^(]*)\(/.exec(doc);
  if (!m?.[1]) throw new Error('RARC-required sentence not found');
  return expandCodes(m[1].trim());
}

/** Group-coded examples in rule 1 "Not a denial (post only)" of section 2.1, e.g. CO-45, PR-247/248, 74–76. */
export function notADenialExamples(doc: string): { group: string; carc: string }[] {
  const block = section(doc, '1. **Not a denial (post only):**', '2. **Denial:**');
  const found: { group: string; carc: string }[] = [];
  for (const m of block.matchAll(/\b(CO|PR|OA)-(\d+(?:\/\d+)*)/g)) {
    for (const carc of (m[2] as string).split('/')) found.push({ group: m[1] as string, carc });
  }
  const addOns = /add-ons \(([^)]*)\)/.exec(block);
  for (const carc of expandCodes(addOns?.[1] ?? '')) found.push({ group: 'CO', carc });
  return found;
}

/** RARCs the reference calls deactivated, and their newer replacements (end of section 3). */
export function rarcHistory(doc: string): { deactivated: string[]; replacements: string[] } {
  const d = /Deactivated examples you will still meet in history:([^]*?)Newer\s+replacements:([^]*?)\n\n/.exec(doc);
  if (!d?.[1] || !d[2]) throw new Error('RARC history paragraph not found');
  const codes = (text: string) => [...text.matchAll(/\b(MA|M|N)\d+\b/g)].map((m) => m[0]);
  return { deactivated: codes(d[1]), replacements: codes(d[2]) };
}
