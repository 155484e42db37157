/**
 * Small helpers the benchmarks share: the machine's load, a process's memory from /proc, waiting
 * for a child's line of output, and number formatting. Benchmarks print figures; nothing here
 * asserts.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `node v20…, 2 CPUs, 23.5 GiB, load average 0.10 0.20 0.30` */
export function machineLine(): string {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const gib = (totalmem() / 2 ** 30).toFixed(1);
  return `node ${process.version}, ${cpus().length} CPUs, ${gib} GiB, load average ${load}`;
}

/** A `kB` field of /proc/<pid>/status (VmRSS, VmHWM, …) in bytes; null once the process is gone. */
export function procStatusBytes(pid: number | 'self', field: string): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (`echo 5 > /proc/<pid>/clear_refs`, Linux ≥ 4.0); false if refused. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Polls a process's memory until `stop()`: the highest VmHWM seen (the kernel's own peak) and the
 * highest VmRSS seen (a fallback when VmHWM could not be reset).
 */
export function watchMemory(pid: number, everyMs = 50): { stop(): { hwm: number; maxRss: number } } {
  let hwm = 0;
  let maxRss = 0;
  const poll = () => {
    hwm = Math.max(hwm, procStatusBytes(pid, 'VmHWM') ?? 0);
    maxRss = Math.max(maxRss, procStatusBytes(pid, 'VmRSS') ?? 0);
  };
  poll();
  const timer = setInterval(poll, everyMs);
  return {
    stop() {
      poll();
      clearInterval(timer);
      return { hwm, maxRss };
    },
  };
}

/** Resolves with the first stdout line matching `pattern`; rejects if the child exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => done(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) done(null, line);
    };
    const onExit = (code: number | null) => done(new Error(`exited with ${code} before printing ${pattern}`));
    const done = (err: Error | null, line?: string) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(line!);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Sends `signal` and waits for the exit (SIGKILL after `graceMs`). */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export const mib = (bytes: number | null): string =>
  bytes === null ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

/** CPU seconds (user + system) of processes by name, from /proc/<pid>/stat; USER_HZ is 100 on Linux. */
export function cpuByCommand(names: Record<string, RegExp>): Record<string, number> {
  const totals: Record<string, number> = Object.fromEntries(Object.keys(names).map((k) => [k, 0]));
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return totals;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone
    }
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(open + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
    for (const [key, pattern] of Object.entries(names)) if (pattern.test(comm)) totals[key]! += seconds;
  }
  return totals;
}

/** CPU seconds used by this process, PostgreSQL and RabbitMQ between `start()` and the call it returns. */
export function cpuMeter(): () => Record<string, number> {
  const names = { postgres: /^postgres$/, rabbitmq: /^(beam\.smp|erl_child_setup)$/ };
  const before = cpuByCommand(names);
  const self = process.cpuUsage();
  return () => {
    const after = cpuByCommand(names);
    const mine = process.cpuUsage(self);
    return {
      benchProcess: round((mine.user + mine.system) / 1e6, 2),
      postgres: round(after.postgres! - before.postgres!, 2),
      rabbitmq: round(after.rabbitmq! - before.rabbitmq!, 2),
    };
  };
}
