/**
 * A small leveled logger. Messages carry ids and counts, never patient data: callers pass workflow ids
 * (keyed hashes) and claim references, not names or member ids.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

export function createLogger(opts: { level: LogLevel; json?: boolean; stream?: NodeJS.WritableStream }): Logger {
  const stream = opts.stream ?? process.stderr;
  const write = (level: LogLevel, msg: string, meta?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[opts.level]) return;
    if (opts.json) {
      stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...meta })}\n`);
    } else {
      const extra = meta && Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
      stream.write(`${level === 'info' ? '' : `${level.toUpperCase()}: `}${msg}${extra}\n`);
    }
  };
  return {
    debug: (m, meta) => write('debug', m, meta),
    info: (m, meta) => write('info', m, meta),
    warn: (m, meta) => write('warn', m, meta),
    error: (m, meta) => write('error', m, meta),
  };
}
