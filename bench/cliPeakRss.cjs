// Preloaded into the CLI by bench/cli.bench.ts: prints the process's peak RSS to stderr when it exits.
process.on('exit', () => {
  process.stderr.write(`PEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
