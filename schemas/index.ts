/** Every pipeline's raw and enriched schemas, and the derivations. */
export * from './common';
export * from './crypto.schema';
export * from './iot.schema';
export * from './retail.schema';
export * from './stocks.schema';
export * from './taxi.schema';
