/**
 * Faults specific to this emulator, for {@link FaultHook}s to return. Any other Error a hook
 * returns fails the operation (a GcsError with its own status, anything else as a 500).
 */

/**
 * Returned by a fault hook for `objects.insert.resumable` chunk uploads: the emulator keeps the
 * first `afterBytes` bytes of the request body (as GCS persists what it received) and then drops
 * the connection, as a network failure half-way through a chunk would.
 */
export class InterruptUpload extends Error {
  override readonly name = 'InterruptUpload';
  constructor(readonly afterBytes: number) {
    super(`fault injected: connection dropped after ${afterBytes} bytes of the chunk`);
  }
}
