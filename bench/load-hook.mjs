// Preloaded with `node --import` by bench/bundle.ts: appends the URL of every file
// module the process loads (the bundle and any chunk it imports) to BENCH_LOAD_LOG.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const log = process.env.BENCH_LOAD_LOG;
if (log) {
  registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith('file:')) appendFileSync(log, `${url}\n`);
      return nextLoad(url, context);
    }
  });
}
