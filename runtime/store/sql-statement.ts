/** Statements with `?` placeholders, as both ledger stores take them, and the few shapes they come in. */

export interface Statement {
  sql: string;
  params: unknown[];
}

export type Row = Record<string, string | number | null>;

export function insert(table: string, row: Row, onConflict: string): Statement {
  const columns = Object.keys(row);
  return {
    sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ${onConflict}`,
    params: Object.values(row),
  };
}

export function upsert(table: string, key: string, row: Row): Statement {
  const updates = Object.keys(row).filter((c) => c !== key).map((c) => `${c} = excluded.${c}`);
  return insert(table, row, `ON CONFLICT (${key}) DO UPDATE SET ${updates.join(', ')}`);
}

/** Adds the row's `sums` columns to those of the row with the same `keys`, which starts at zero. */
export function accumulate(table: string, keys: readonly string[], row: Row): Statement {
  const sums = Object.keys(row).filter((c) => !keys.includes(c));
  return insert(table, row, `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${sums.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`);
}

/** ` WHERE a AND b` over the conditions whose value is given (`undefined` = no filter), plus fixed ones. */
export function where(conditions: [string, string | undefined][], fixed: (string | Statement)[] = []): Statement {
  const given = conditions.filter(([, value]) => value !== undefined);
  const always = fixed.map((f) => (typeof f === 'string' ? { sql: f, params: [] } : f));
  const clauses = [...given.map(([clause]) => clause), ...always.map((f) => f.sql)];
  return { sql: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', params: [...given.map(([, value]) => value), ...always.flatMap((f) => f.params)] };
}
