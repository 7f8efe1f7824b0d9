/**
 * ApiVersions (key 18), versions 0–3 (v3 is flexible; its response header stays v0, as the
 * protocol requires so a client can parse the answer before it knows the versions). The list
 * answered is built from the same module list as the dispatch table. An unsupported version
 * gets UNSUPPORTED_VERSION in the v0 layout, as Kafka does, so the client can retry lower.
 * Left out: supported/finalized features (tagged fields in v3).
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

/** Set by api/index.ts once the list is built (avoids a require cycle). */
export const advertised: { apis: ReadonlyArray<Pick<ApiModule, 'apiKey' | 'minVersion' | 'maxVersion'>> } = { apis: [] };

/** Writes the answer; also used for an unsupported ApiVersions version. */
export function apiVersionsBody(version: number, error: number): Writer {
  const flexible = version >= 3;
  const w = new Writer();
  w.int16(error);
  w.array(flexible, advertised.apis, (w2, a) => {
    w2.int16(a.apiKey).int16(a.minVersion).int16(a.maxVersion).tags(flexible);
  });
  if (version >= 1) w.int32(0);
  return w.tags(flexible);
}

export const apiVersions: ApiModule = {
  apiKey: 18,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 3,
  handle(r, ctx) {
    if (ctx.flexible) {
      r.compactString();
      r.compactString();
      r.taggedFields(true);
    }
    return apiVersionsBody(ctx.apiVersion, ErrorCode.NONE);
  },
};
