// Preloaded (node --require) by the bench's start-up measurement: reports the process's CPU time (user + system,
// milliseconds) on stderr as it exits. On a shared machine CPU time varies far less than wall time. CommonJS, and
// preloaded with --require: an --import would start Node's ES module loader in every measured process (mycli's
// and the bare `node -e 0`), which is part of what is measured.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\nmycli-bench-cpu-ms ${(user + system) / 1000}\n`);
});
