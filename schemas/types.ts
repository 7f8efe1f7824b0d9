/**
 * A JSON Schema (2020-12) document with Tributary's annotations. The foundation work
 * (schemas/derive.ts) documents the annotation keywords it reads.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };
