// Preloaded into the measured Node process (NODE_OPTIONS=--import): reports its own peak
// resident memory on exit, which no outside sampler can catch between two polls.
process.on('exit', () => {
  process.stderr.write(`BENCH_RSS ${process.argv[1] ?? ''} ${process.resourceUsage().maxRSS}\n`);
});
