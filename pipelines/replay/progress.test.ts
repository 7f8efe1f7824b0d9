import { ProgressBar } from './progress';
import { FakeClock } from './testing';

describe('ProgressBar', () => {
  it('draws nothing when the stream is not a TTY', () => {
    const writes: string[] = [];
    const bar = new ProgressBar({ label: 'x', total: 10, stream: { isTTY: false, write: (t: string) => writes.push(t) } });
    bar.tick(5);
    bar.done();
    expect(writes).toEqual([]);
  });

  it('redraws at most once per interval and shows share, count and rate', () => {
    const clock = new FakeClock();
    const writes: string[] = [];
    const bar = new ProgressBar({ label: 'iot', total: 100, clock, intervalMs: 200, stream: { isTTY: true, write: (t: string) => writes.push(t) } });
    bar.tick(); // draws (first)
    clock.advance(100);
    bar.tick(); // too soon
    clock.advance(900);
    bar.tick(48); // 50 events after 1 s
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe('\riot [############------------]  50% 50/100 50 ev/s');
  });

  it('shows count and rate without a total', () => {
    const clock = new FakeClock();
    const bar = new ProgressBar({ label: 'taxi', clock, stream: { isTTY: true, write: () => true } });
    bar.tick(30);
    expect(bar.render(2000)).toBe('taxi 30 events 15 ev/s');
  });
});
