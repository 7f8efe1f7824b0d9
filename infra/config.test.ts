import { resolveStackConfig, StackConfigError } from './config';
import { toCron, ScheduleError } from './schedule';

describe('stack config', () => {
  it('fills defaults under the file entry and lets TRIBUTARY_* variables override both', () => {
    const c = resolveStackConfig({ environment: 'dev', input: { project: 'tributary-dev', publicApi: true }, env: { TRIBUTARY_REGION: 'us-central1', TRIBUTARY_MAX_DELIVERY_ATTEMPTS: '7', TRIBUTARY_PUBLIC_API: 'false' } });
    expect(c).toMatchObject({ environment: 'dev', project: 'tributary-dev', region: 'us-central1', maxDeliveryAttempts: 7, publicApi: false, kafka: 'managed', bridge: 'function', bronzeNearlineDays: 30 });
  });

  it('rejects out-of-range values naming the key and the variable to set', () => {
    expect(() => resolveStackConfig({ environment: 'dev', input: { project: 'tributary-dev', maxDeliveryAttempts: 3 }, env: {} })).toThrow(StackConfigError);
    expect(() => resolveStackConfig({ environment: 'dev', input: { project: 'Bad_Project' }, env: {} })).toThrow(/project = "Bad_Project" is invalid.*TRIBUTARY_PROJECT/);
    expect(() => resolveStackConfig({ environment: 'dev', input: { project: 'tributary-dev' }, env: { TRIBUTARY_BRIDGE: 'zapier' } })).toThrow(/bridge/);
  });
});

describe('toCron', () => {
  it('converts scheduled-query style schedules and keeps unix-cron', () => {
    expect(toCron('every 5 minutes', 'x')).toBe('*/5 * * * *');
    expect(toCron('every 1 minute', 'x')).toBe('* * * * *');
    expect(toCron('every 6 hours', 'x')).toBe('0 */6 * * *');
    expect(toCron(' 0  3 * * 1-5 ', 'x')).toBe('0 3 * * 1-5');
  });

  it('refuses what Cloud Scheduler cannot run, naming the definition', () => {
    expect(() => toCron('every 7 minutes', 'pipeline p')).toThrow(ScheduleError);
    expect(() => toCron('hourly', 'pipeline p source poller')).toThrow(/pipeline p source poller: schedule "hourly"/);
  });
});
