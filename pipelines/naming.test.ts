import { esDailyIndex, kafkaTopic, kpiTable, lakeObject, modelName, predictionTable, pubsubSubscription, pubsubTopic } from './naming';

describe('naming (ARCHITECTURE §4)', () => {
  it('names the Kafka and Pub/Sub topics of a pipeline', () => {
    expect(kafkaTopic('taxi')).toBe('taxi.raw');
    expect(pubsubTopic('iot', 'dead-letter')).toBe('iot-dead-letter');
    expect(pubsubSubscription('taxi', 'enriched', 'index')).toBe('taxi-enriched-index');
  });

  it('builds lake object names with dt first and encoded partition values', () => {
    expect(
      lakeObject({ layer: 'silver', pipeline: 'iot', dt: '2026-11-22', partitions: [['room', '413'], ['sensor_type', 'co2']], file: 'a1' }),
    ).toBe('silver/iot/dt=2026-11-22/room=413/sensor_type=co2/a1.parquet');
    expect(lakeObject({ layer: 'bronze', pipeline: 'x', dt: '2026-01-01', partitions: [['k', 'a/b c']], file: 'f' })).toBe(
      'bronze/x/dt=2026-01-01/k=a%2Fb%20c/f.parquet',
    );
  });

  it('names the gold, model and prediction tables of a pipeline', () => {
    expect(kpiTable('taxi', 'revenue_by_comfort')).toBe('taxi_revenue_by_comfort');
    expect(modelName('stocks', 'price_forecast')).toBe('stocks_price_forecast');
    expect(predictionTable('stocks', 'price_forecast')).toBe('stocks_price_forecast_predictions');
  });

  it('names daily indices by UTC date', () => {
    expect(esDailyIndex('taxi', new Date('2026-11-22T23:59:59Z'))).toBe('taxi-2026.11.22');
  });
});
