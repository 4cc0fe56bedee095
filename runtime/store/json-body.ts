/** A JSON body as the driver returns it: text from SQLite, already parsed from PostgreSQL's JSONB. */
export function bodyOf<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
