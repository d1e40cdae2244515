/**
 * Exits with CODE once everything printed has reached stdout and stderr. On a pipe whose reader
 * is slower than the writer (a CI runner, a test under load), Node queues writes past the pipe's
 * 64 KiB buffer, and `process.exit` alone drops them: a report would end mid-list.
 */
export function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  // A write's callback runs after every write queued before it.
  process.stdout.write("", done);
  process.stderr.write("", done);
}
