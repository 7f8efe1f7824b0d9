/** How Tributary stores original message bytes as text (bronze and quarantine `payload`). */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are valid UTF-8, else base64. */
export function payloadText(data: Uint8Array): string {
  try {
    return utf8.decode(data);
  } catch {
    return Buffer.from(data).toString('base64');
  }
}
