/**
 * The shapes every synthetic-data generator shares: a generator is fitted on a Dataset and gives a
 * model; the model draws any number of invented rows from a seed.
 */
import type { Dataset } from '../../src/types.js';

/** A fitted generator: it draws synthetic rows with the statistics it learnt. */
export interface SynthesisModel {
  /** The generator's name (`independent`, `copula`, `privbayes`, `mst`). */
  readonly method: string;
  /** True when the model was fitted under differential privacy (see `details` for the budget). */
  readonly dp: boolean;
  /**
   * `n` rows drawn with the seed: the same seed, the same rows (case B21). Two calls with the same
   * seed on one model give the same rows; the model itself is not changed by sampling.
   */
  sample(n: number, seed: string | number): Dataset;
  /**
   * What the report needs: ε spent (DP generators: the accountant's ledger), structure (network,
   * tree), dropped columns, warnings.
   */
  readonly details: Record<string, unknown>;
}

/** A synthetic-data generator: a name, whether it is DP, and its fit. */
export interface Generator<O> {
  name: string;
  dp: boolean;
  fit(data: Dataset, options: O): SynthesisModel;
}
