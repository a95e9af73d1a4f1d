// Preloaded into every unit-test process. With ATL_FC_SEED set (npm test sets it), property tests draw the
// same cases on every run, so the gate is deterministic; without it (npm run test:unit) they draw new cases
// each run and keep exploring. fast-check prints the seed and counterexample of any failure.
import { createRequire } from 'node:module';

const seed = process.env.ATL_FC_SEED;
if (seed) {
  const settings = { seed: Number(seed) };
  // Tests are compiled to CommonJS by tsx: configure that instance, and the ES module one for good measure.
  createRequire(import.meta.url)('fast-check').configureGlobal(settings);
  (await import('fast-check')).configureGlobal(settings);
}
