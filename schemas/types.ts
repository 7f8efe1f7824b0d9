/**
 * A JSON Schema (2020-12) document with Tributary's annotations (`x-es`, `x-bq`; see
 * schemas/README.md). Kept structural so plain object literals are schemas.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };
