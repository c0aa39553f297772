'use strict';
// The record writer commits a batch as a few multi-row statements; a database caps the
// parameters of one statement (SQLite: 32,766), so a batch can be too large for the rollup
// upserts of a build. The bench then says so and goes on with half the batch.
const REFUSED = /too many SQL variables|too many placeholders/i;

/**
 * `run(size)` at `size`, halved while the database refuses a statement that large; resolves
 * with the size that went through, its result, and the sizes refused with the reason.
 */
async function halvingWhileRefused(size, run, onRefused) {
  const refused = [];
  for (let batch = size; ; batch = Math.floor(batch / 2)) {
    try {
      return { batch, result: await run(batch), refused };
    } catch (error) {
      const reason = REFUSED.exec(error.message)?.[0];
      if (!reason || batch <= 1) throw error;
      refused.push({ batch, reason });
      await onRefused(batch, reason);
    }
  }
}

module.exports = { halvingWhileRefused };
