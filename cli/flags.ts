/** A flag value that is not what it should be; the message says what to type instead. */
export class FlagError extends Error {
  constructor(flag: string, value: string, expected: string) {
    super(`${flag} ${JSON.stringify(value)} is not valid: expected ${expected}`);
    this.name = 'FlagError';
  }
}
