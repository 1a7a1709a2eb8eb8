// Preloaded into the API process by the benchmark (node --require): counts database queries and
// measures event-loop delay, and answers the benchmark over the IPC channel. Never in production.
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');

let queries = 0;
const counted = (original) =>
  function countedQuery(...args) {
    queries++;
    return original.apply(this, args);
  };

const { PGlite } = require('@electric-sql/pglite');
PGlite.prototype.query = counted(PGlite.prototype.query);
PGlite.prototype.exec = counted(PGlite.prototype.exec);
const transaction = PGlite.prototype.transaction;
PGlite.prototype.transaction = function countedTransaction(callback) {
  return transaction.call(this, (tx) => {
    tx.query = counted(tx.query);
    tx.exec = counted(tx.exec);
    return callback(tx);
  });
};
const pg = require('pg');
pg.Client.prototype.query = counted(pg.Client.prototype.query);

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

// The benchmark went away (killed, crashed): so do we.
process.on('disconnect', () => process.exit(1));

process.on('message', (message) => {
  if (message === 'reset-delay') delay.reset();
  if (message === 'stats') {
    process.send({
      queries,
      delayP99Ms: delay.percentile(99) / 1e6,
      delayMaxMs: delay.max / 1e6,
      rssBytes: process.memoryUsage().rss,
    });
  }
});
