/**
 * Structured logs in Cloud Logging's JSON format: one object per line on stdout, with
 * `severity` and `message` plus any fields. Cloud Logging parses these as-is; locally the
 * same lines are readable and greppable.
 */
export type Severity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** Fields attached to every line a logger writes (for example `{ component: 'drainLake', pipeline: 'taxi' }`). */
export type LogFields = Record<string, unknown>;

/** Where log lines go. @default process.stdout.write */
export type LogSink = (line: string) => void;

const ORDER: Record<Severity, number> = { DEBUG: 0, INFO: 1, NOTICE: 2, WARNING: 3, ERROR: 4, CRITICAL: 5 };

/** A structured logger bound to a set of fields. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Fields on every line. @default {} */
  readonly fields?: LogFields;
  /** Lowest severity written. @default process.env.LOG_LEVEL ?? 'INFO' */
  readonly level?: Severity;
  /** Destination. @default writes to stdout */
  readonly sink?: LogSink;
}

/** Turns an Error into plain fields (message and stack), since JSON.stringify drops both. */
function plain(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** Creates a logger writing Cloud Logging JSON lines. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base = options.fields ?? {};
  const level = options.level ?? ((process.env.LOG_LEVEL?.toUpperCase() as Severity) || 'INFO');
  const min = ORDER[level] ?? ORDER.INFO;
  const sink = options.sink ?? ((line: string) => process.stdout.write(line + '\n'));
  const write = (severity: Severity, message: string, fields?: LogFields) => {
    if (ORDER[severity] < min) return;
    const entry: Record<string, unknown> = { severity, message, time: new Date().toISOString(), ...base };
    if (fields) for (const [k, v] of Object.entries(fields)) entry[k] = plain(v);
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => write('DEBUG', m, f),
    info: (m, f) => write('INFO', m, f),
    warn: (m, f) => write('WARNING', m, f),
    error: (m, f) => write('ERROR', m, f),
    child: (fields) => createLogger({ fields: { ...base, ...fields }, level, sink }),
  };
}
