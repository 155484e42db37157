import { describe, it, expect } from '@jest/globals';
import { formatElapsed, ProgressReporter, ProgressStream } from './progress.js';

function fakeStream(isTTY: boolean, columns?: number): ProgressStream & { out: string } {
  const s = {
    out: '',
    isTTY,
    columns,
    write(chunk: string) {
      s.out += chunk;
      return true;
    },
  };
  return s;
}

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('formatElapsed', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatElapsed(0)).toBe('0.0s');
    expect(formatElapsed(3_240)).toBe('3.2s');
    expect(formatElapsed(65_000)).toBe('1m05s');
    expect(formatElapsed(3_725_000)).toBe('1h02m');
  });
});

describe('ProgressReporter without a TTY', () => {
  it('logs start, at most one line per interval, and finish', () => {
    const stream = fakeStream(false);
    const c = clock();
    const p = new ProgressReporter({ label: 'import', total: 10, stream, now: c.now, logIntervalMs: 5000 });
    p.start();
    c.advance(1000);
    p.update(1);
    c.advance(4500);
    p.update(4);
    c.advance(1000);
    p.update(5);
    c.advance(3000);
    p.update(10);
    p.finish('10 records');
    expect(stream.out).toBe(
      'import: started (10 to do)\n' +
        'import: 4/10 (40%) 5.5s elapsed\n' +
        'import: finished 10/10 (100%) in 9.5s: 10 records\n',
    );
    expect(stream.out).not.toContain('\r');
  });

  it('works without a known total and reports failures once', () => {
    const stream = fakeStream(false);
    const c = clock();
    const p = new ProgressReporter({ label: 'sync', stream, now: c.now });
    p.update(3);
    c.advance(2000);
    p.fail('source unreachable');
    p.finish();
    p.update(7);
    expect(stream.out).toBe('sync: started\nsync: failed after 2.0s (3 done): source unreachable\n');
  });
});

describe('ProgressReporter on a TTY', () => {
  it('redraws a single line in place and ends with a newline', () => {
    const stream = fakeStream(true);
    const c = clock();
    const p = new ProgressReporter({ label: 'import', total: 4, stream, now: c.now, redrawIntervalMs: 100 });
    p.start();
    c.advance(150);
    p.update(1);
    c.advance(10);
    p.update(2); // throttled
    c.advance(1000);
    p.update(4); // complete: always drawn
    p.finish();
    const frames = stream.out.split('\r\x1b[2K').slice(1);
    expect(frames).toEqual([
      '| import [....................] 0/4 (0%) 0.0s',
      '/ import [#####...............] 1/4 (25%) 0.1s',
      '- import [####################] 4/4 (100%) 1.2s',
      'import: finished 4/4 (100%) in 1.2s\n',
    ]);
    expect(stream.out.split('\n')).toHaveLength(2);
  });

  it('shows a spinner and a count without a total, truncated to the terminal width', () => {
    const stream = fakeStream(true, 20);
    const c = clock();
    const p = new ProgressReporter({ label: 'a-rather-long-label', stream, now: c.now });
    p.update(12);
    expect(stream.out).toBe('\r\x1b[2K| a-rather-long-lab');
  });

  it('handles a zero total', () => {
    const stream = fakeStream(true);
    const c = clock();
    const p = new ProgressReporter({ label: 'x', total: 0, stream, now: c.now });
    p.finish();
    expect(stream.out.endsWith('x: finished 0/0 (100%) in 0.0s\n')).toBe(true);
  });
});
