/** The core every pipeline runs on: processRaw, quarantine records, validators, rule builders. */
export { MAX_EVENT_BYTES, processRaw, type ProcessResult } from './process';
export { payloadText, quarantineRecord, type QuarantineRecord } from './quarantine';
export { ajvInstance, compiledValidator, isRfc3339DateTime, schemaViolation, validateAgainst } from './validate';
export { coordinatesInRange, DEFAULT_MAX_FUTURE_MS, nonNegativePrices, notInFuture } from './rules';
export { haversineKm, round } from './geo';
export { contentHash } from './hash';
export { parseMs, toUtcIso, unixSecondsToIso } from './time';
