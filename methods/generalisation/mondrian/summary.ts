/**
 * What a Mondrian partitioning publishes and what it loses: the label of every partition in every
 * quasi-identifier, the equivalence classes those labels form, and the information-loss figures
 * suited to local recoding.
 *
 * Information loss:
 * - NCP, the normalised certainty penalty (Xu et al. 2006): for one partition P and quasi-identifier
 *   A, the width of P's region in A (see `dimensions.ts`: (max − min) / range of A for ordered
 *   columns, 1 for a region mixing missing and non-missing values, 0 for one value; for
 *   hierarchical columns 0 for one value, else leaves under the lowest common ancestor / leaves of
 *   the hierarchy). Per attribute, the row-weighted mean over partitions:
 *   NCP_A = Σ_P |P| · NCP_A(P) / n, in [0, 1].
 * - GCP, the global certainty penalty (Ghinita, Karras, Kalnis, Mamoulis, "Fast data anonymization
 *   with low information loss", VLDB 2007): the mean of NCP_A over the d quasi-identifiers,
 *   Σ_P |P| · Σ_A NCP_A(P) / (d · n), in [0, 1].
 * - Discernibility (Bayardo and Agrawal, ICDE 2005): Σ_E |E|² over the published classes.
 * - AECS (LeFevre, DeWitt, Ramakrishnan 2006, without the 1/k): n / number of published classes.
 *
 * References: J. Xu, W. Wang, J. Pei, X. Wang, B. Shi, A. W.-C. Fu, "Utility-based anonymization
 * using local recoding", KDD 2006; the others as cited above.
 */
import type { Dimension } from './dimensions.js';
import type { Partitioning } from './partition.js';

/** The region of every partition in every dimension: lo and hi ranks, partition-major. */
export type Regions = Pick<Partitioning, 'lo' | 'hi'>;

/** The published classes: partitions with equal label tuples are one class. */
export interface PublishedClasses {
  /** labels[j][p]: the label of partition p in dimension j. */
  readonly labels: string[][];
  /** The class of each partition. */
  readonly classOfPartition: Int32Array;
  /** The size of each class. */
  readonly sizes: number[];
}

/**
 * The labels of every partition and the classes they form. Two partitions can share a label tuple
 * (a relaxed cut of a value, or a region mixing missing and non-missing values, labelled `*`); they
 * are then one published class.
 *
 * @example
 * publishedClasses([age], partitioning, partitioning).labels[0] // => ['[31-33]', '[36-38]', …]
 */
export function publishedClasses(
  dimensions: readonly Dimension[],
  partitioning: Partitioning,
  regions: Regions,
): PublishedClasses {
  const d = dimensions.length;
  const { count, starts } = partitioning;
  const labels = dimensions.map((dim, j) => {
    const out = new Array<string>(count);
    for (let p = 0; p < count; p++) {
      out[p] = dim.label(regions.lo[p * d + j] as number, regions.hi[p * d + j] as number);
    }
    return out;
  });
  const classOfKey = new Map<string, number>();
  const classOfPartition = new Int32Array(count);
  const sizes: number[] = [];
  for (let p = 0; p < count; p++) {
    let key = '';
    for (const column of labels) key += `${column[p] as string}\u0000`;
    let c = classOfKey.get(key);
    if (c === undefined) {
      c = sizes.length;
      classOfKey.set(key, c);
      sizes.push(0);
    }
    classOfPartition[p] = c;
    sizes[c] = (sizes[c] as number) + (starts[p + 1] as number) - (starts[p] as number);
  }
  return { labels, classOfPartition, sizes };
}

/** NCP per attribute and GCP overall, with discernibility and AECS. */
export interface MondrianLoss {
  /** GCP: the mean over quasi-identifiers of their NCP, in [0, 1]. */
  ncp: number;
  /** Σ |E|² over published classes. */
  discernibility: number;
  /** n / number of published classes; 0 for no rows. */
  aecs: number;
}

/**
 * The information loss of a partitioning (see the module comment).
 *
 * @example
 * mondrianLoss([age], partitioning, partitioning, sizes).informationLossPerAttribute.age.ncp // => 0.1111 on B08, k = 2
 */
export function mondrianLoss(
  dimensions: readonly Dimension[],
  partitioning: Partitioning,
  regions: Regions,
  classSizes: readonly number[],
): { informationLoss: MondrianLoss; informationLossPerAttribute: Record<string, { ncp: number }> } {
  const d = dimensions.length;
  const { count, starts } = partitioning;
  const n = starts[count] as number;
  const perAttribute: Record<string, { ncp: number }> = {};
  let total = 0;
  dimensions.forEach((dim, j) => {
    let sum = 0;
    for (let p = 0; p < count; p++) {
      const size = (starts[p + 1] as number) - (starts[p] as number);
      sum += size * dim.width(regions.lo[p * d + j] as number, regions.hi[p * d + j] as number);
    }
    const ncp = n > 0 ? sum / n : 0;
    perAttribute[dim.name] = { ncp };
    total += ncp;
  });
  let discernibility = 0;
  for (const size of classSizes) discernibility += size * size;
  return {
    informationLoss: {
      ncp: d > 0 ? total / d : 0,
      discernibility,
      aecs: classSizes.length > 0 ? n / classSizes.length : 0,
    },
    informationLossPerAttribute: perAttribute,
  };
}
