/**
 * What every emulator shares: how it is started in process and what it hands back.
 * Each emulator folder (`kafka/`, `pubsub/`, `gcs/`, `bigquery/`, `elasticsearch/`) exports a
 * `start<Name>(options)` that resolves to an {@link EmulatorHandle} once it is listening.
 */

/** Options every emulator accepts. */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. @default the service's local port from ARCHITECTURE §4 */
  readonly port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  readonly host?: string;
  /** Directory that keeps state across restarts; in memory only when unset. @default undefined */
  readonly dataDir?: string;
}

/** A running emulator. */
export interface EmulatorHandle {
  /** Bound host. */
  readonly host: string;
  /** Bound port (the real one when 0 was asked for). */
  readonly port: number;
  /** Base URL or address a client is given, e.g. `http://127.0.0.1:4443` or `127.0.0.1:9092`. */
  readonly url: string;
  /** Stops accepting connections, finishes or aborts in-flight work, persists state, and resolves when done. */
  close(): Promise<void>;
}

/**
 * A fault hook: called before an operation runs (`op` is the emulator's name for it, e.g. the
 * RPC or API name). Return or resolve an Error to fail the operation with it; await a delay to
 * slow it down; return undefined to let it run.
 */
export type FaultHook = (op: string, request: unknown) => void | Error | Promise<void | Error>;
