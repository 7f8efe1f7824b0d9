/** Structured logs in Cloud Logging's JSON format (`severity`, `message`, fields), one line each on stdout. */

/** Log severities, as Cloud Logging names them. */
export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** Writes one log entry. */
export type Logger = (severity: Severity, message: string, fields?: Record<string, unknown>) => void;

/** The default logger: WARNING and ERROR as JSON lines on stdout, tagged `component: pubsub-emulator`. */
export const defaultLogger: Logger = (severity, message, fields) => {
  if (severity !== 'WARNING' && severity !== 'ERROR') return;
  process.stdout.write(JSON.stringify({ severity, message, component: 'pubsub-emulator', ...fields }) + '\n');
};
