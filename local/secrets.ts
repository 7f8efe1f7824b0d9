/**
 * Local values for the secrets the graph declares (Secret Manager in the cloud). Functions get
 * them as environment variables, as Cloud Run mounts secret env. Real API keys, when a developer
 * has them, come from the environment; otherwise the pollers use the local stand-in APIs.
 */

/**
 * Secret id → value. `emulatorEnv` holds the emulator lines (`ELASTICSEARCH_URL=…`);
 * `postgresUrl` is the local PostgreSQL when one runs.
 */
export function localSecrets(emulatorEnv: Readonly<Record<string, string>>, postgresUrl?: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const secrets: Record<string, string> = {
    'elasticsearch-api-key': env.ELASTICSEARCH_API_KEY ?? '',
    'cryptocompare-api-key': env.CRYPTOCOMPARE_API_KEY ?? '',
    'finnhub-api-key': env.FINNHUB_API_KEY ?? '',
  };
  if (emulatorEnv.ELASTICSEARCH_URL) secrets['elasticsearch-url'] = emulatorEnv.ELASTICSEARCH_URL;
  const pg = env.PGSOURCE_URL ?? postgresUrl;
  if (pg) secrets['postgres-url'] = pg;
  return secrets;
}
