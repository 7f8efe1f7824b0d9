import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kpiSql, modelOptions, modelSql, SqlFileError, sqlProblems } from './sql';
import { googleSqlError } from './test-fixtures/parse-sql';
import { ALPHA, BETA } from './test-fixtures/pipelines';
import { FIXTURE_SQL } from './test-fixtures/synth';

describe('SQL rendering', () => {
  it('fills the definition numbers into the placeholders', () => {
    expect(kpiSql(ALPHA, ALPHA.kpis[0], FIXTURE_SQL)).toContain('INTERVAL 3 DAY');
    const { train, predict } = modelSql(BETA, BETA.models[1], FIXTURE_SQL);
    expect(train).toContain('INTERVAL 14 DAY');
    expect(predict).toContain('STRUCT(24 AS horizon');
  });

  it('renders CREATE MODEL options from the model declaration', () => {
    expect(modelOptions(ALPHA.models[0])).toBe("model_type = 'KMEANS',\n  num_clusters = 4");
    expect(modelOptions(BETA.models[0])).toBe("model_type = 'LINEAR_REG',\n  input_label_cols = ['value']");
    expect(modelOptions(BETA.models[1])).toContain("time_series_timestamp_col = 'event_time',\n  time_series_data_col = 'value',\n  time_series_id_col = 'symbol',\n  horizon = 24");
  });

  it('selects declared columns under the names the options use', () => {
    const nested = { ...ALPHA.models[0], features: ['pickup.lat', 'pickup.lon', 'value'] };
    expect(modelSql(ALPHA, nested, FIXTURE_SQL).train).toContain('SELECT pickup.lat AS pickup_lat, pickup.lon AS pickup_lon, value FROM silver.alpha');
    const reg = { ...BETA.models[0], label: 'ohlc.close' };
    expect(modelOptions(reg)).toContain("input_label_cols = ['ohlc_close']");
  });

  it('fails on a missing file or an unknown placeholder', () => {
    const root = mkdtempSync(join(tmpdir(), 'sql-'));
    try {
      expect(() => kpiSql(ALPHA, ALPHA.kpis[0], root)).toThrow(SqlFileError);
      mkdirSync(join(root, 'alpha'));
      writeFileSync(join(root, 'alpha', 'kpi_daily_value.sql'), 'SELECT {{scan_dayz}}');
      expect(() => kpiSql(ALPHA, ALPHA.kpis[0], root)).toThrow(/uses \{\{scan_dayz\}\}, which has no value here; known: time_field, scan_days/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the fixture pipelines SQL', () => {
  it('has exactly the declared files, each creating what its name promises', () => {
    expect(sqlProblems([ALPHA, BETA], FIXTURE_SQL)).toEqual([]);
  });

  it('reports missing, undeclared and mistargeted files', () => {
    const root = mkdtempSync(join(tmpdir(), 'sql-'));
    try {
      mkdirSync(join(root, 'alpha'));
      writeFileSync(join(root, 'alpha', 'kpi_daily_value.sql'), 'CREATE OR REPLACE TABLE gold.beta_daily_value AS SELECT 1');
      writeFileSync(join(root, 'alpha', 'kpi_old.sql'), 'SELECT 1');
      expect(sqlProblems([ALPHA], root).map((p) => p.replace(root, '<root>'))).toEqual([
        '<root>/alpha/kpi_old.sql: no KPI or model of pipeline alpha declares it',
        '<root>/alpha/kpi_daily_value.sql: does not CREATE OR REPLACE TABLE gold.alpha_daily_value',
        expect.stringMatching(/model_segments\.sql: is missing/),
        expect.stringMatching(/predict_segments\.sql: is missing/),
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('parses as GoogleSQL once rendered, and the parser rejects broken SQL', async () => {
    for (const p of [ALPHA, BETA]) {
      for (const k of p.kpis) expect(await googleSqlError(kpiSql(p, k, FIXTURE_SQL))).toBeUndefined();
      for (const m of p.models) for (const q of Object.values(modelSql(p, m, FIXTURE_SQL))) expect(await googleSqlError(q)).toBeUndefined();
    }
    expect(await googleSqlError('CREATE OR REPLACE TABLE gold.x AS SELECT a FROM WHERE')).toMatch(/Parse error/);
  });
});
