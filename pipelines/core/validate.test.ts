import { isRfc3339DateTime, schemaViolation, validateAgainst } from './validate';

describe('isRfc3339DateTime', () => {
  it.each(['2026-11-30T12:00:00Z', '2026-11-30T12:00:00.123456+05:30', '2024-02-29t00:00:00z', '2026-11-30 12:00:00-01:00'])('accepts %s', (s) => {
    expect(isRfc3339DateTime(s)).toBe(true);
  });

  it.each(['2026-11-30', '2026-11-30T12:00:00', '2026-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-30T24:00:00Z', '2026-11-30T12:00:60Z', '2026-11-30T12:00:00+0530'])('refuses %s', (s) => {
    expect(isRfc3339DateTime(s)).toBe(false);
  });

  it('is the date-time format the validators use', () => {
    const schema = { type: 'string', format: 'date-time' };
    expect(validateAgainst(schema, '2026-04-31T00:00:00Z')).toEqual({ rule: 'schema.format', detail: '/ must match format "date-time"' });
  });
});

describe('schemaViolation', () => {
  it('names a generic schema rule when ajv gives no error', () => {
    expect(schemaViolation(null)).toEqual({ rule: 'schema', detail: 'does not match the schema' });
  });
});
