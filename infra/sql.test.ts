import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kpiSql, modelOptions, modelSql, SqlFileError } from './sql';
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
      expect(() => kpiSql(ALPHA, ALPHA.kpis[0], root)).toThrow(/uses \{\{scan_dayz\}\}, which has no value here; known: scan_days/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
