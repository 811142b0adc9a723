// Preloaded (node --import) by the bench's start-up measurement: reports the process's CPU time (user + system,
// milliseconds) on stderr as it exits. On a shared machine CPU time varies far less than wall time.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\nmycli-bench-cpu-ms ${(user + system) / 1000}\n`);
});
