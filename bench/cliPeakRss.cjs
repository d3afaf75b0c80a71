// Preloaded into the CLI by bench/cli.bench.ts: prints the process's peak RSS and CPU time to stderr at exit.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`PEAK_RSS_KB=${u.maxRSS} CPU_MS=${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}\n`);
});
