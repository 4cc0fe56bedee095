/**
 * Pieces of the multi-node test (test/temporal/cluster.test.ts): an 835 split in two by transaction set,
 * so two web nodes each ingest half of one remittance's claims, and the ledger's answers to "did every
 * denial park, once".
 */
import fs from 'node:fs';
import { Client } from 'pg';

/** Writes the sets of `source` alternately into the two files, each with the source's envelope. */
export function splitRemittance(source: string, into: readonly [string, string]): void {
  const segments = fs.readFileSync(source, 'latin1').split('~\n').filter((s) => s.trim());
  const head: string[] = [];
  const halves: [string[], string[]] = [[], []];
  let set: string[] | undefined;
  let sets = 0;
  for (const s of segments) {
    if (s.startsWith('ST*')) set = [];
    if (set) set.push(s);
    else if (!s.startsWith('GE*') && !s.startsWith('IEA*')) head.push(s);
    if (s.startsWith('SE*') && set) {
      halves[sets++ % 2]!.push(...set);
      set = undefined;
    }
  }
  const groupControl = segments.find((s) => s.startsWith('GE*'))!.split('*')[2];
  const trailer = segments.find((s) => s.startsWith('IEA*'))!;
  halves.forEach((body, i) => {
    const count = body.filter((s) => s.startsWith('ST*')).length;
    fs.writeFileSync(into[i]!, [...head, ...body, `GE*${count}*${groupControl}`, trailer].map((s) => `${s}~\n`).join(''), 'latin1');
  });
}

export interface ParkedTally {
  /** Denials whose read model shows a person's task. */
  parked: number;
  /** task_opened ledger entries, and the denials they belong to: equal when each parked once. */
  tasksOpened: number;
  denialsWithTask: number;
  /** Denials whose ledger sequence has a gap or a repeat. */
  brokenSequences: number;
}

/**
 * The three counts come from one snapshot: read one by one, a denial ledgered between them shows as parked
 * without its task_opened entry.
 */
export async function tallyParked(databaseUrl: string): Promise<ParkedTally> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const one = async (sql: string) => Number(Object.values((await db.query(sql)).rows[0] ?? { n: 0 })[0]);
    const [opened] = (await db.query(`SELECT count(*) AS n, count(DISTINCT workflow_id) AS d FROM ledger_events WHERE type = 'task_opened'`)).rows as { n: string; d: string }[];
    return {
      parked: await one('SELECT count(*) FROM denial_facts WHERE task_kind IS NOT NULL'),
      tasksOpened: Number(opened?.n ?? 0),
      denialsWithTask: Number(opened?.d ?? 0),
      brokenSequences: await one('SELECT count(*) FROM (SELECT workflow_id FROM ledger_events GROUP BY workflow_id HAVING max(seq) <> count(*) OR min(seq) <> 1) broken'),
    };
  } catch (err) {
    // The web nodes create the tables on their first query: before that there is nothing parked.
    if ((err as { code?: string }).code === '42P01') return { parked: 0, tasksOpened: 0, denialsWithTask: 0, brokenSequences: 0 };
    throw err;
  } finally {
    await db.query('ROLLBACK').catch(() => undefined);
    await db.end();
  }
}
