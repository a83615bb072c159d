/**
 * What a Mondrian run should tell its user: a quasi-identifier published at its root (`*`, or the
 * top of its hierarchy) in every row, which the release keeps as a column but which says nothing.
 * The common cause is a categorical column with no hierarchy, such as dates written `dd/mm/yyyy`
 * (read as text, not as dates): its flat hierarchy lets Mondrian only keep a partition's single
 * value or suppress it.
 */
import { dateFormName, foreignDatePattern } from '../../../src/table/dates.js';
import type { ColumnSpec, Dataset } from '../../../src/types.js';
import { MIXED_LABEL, type Dimension } from './dimensions.js';
import type { Partitioning } from './partition.js';
import { lowestCommonAncestor } from './tree.js';

/**
 * Whether the region [lo, hi] of a dimension is published at its root: a hierarchical column's
 * values generalised to a node over every leaf, or `*` (missing and non-missing values) in an
 * ordered one.
 */
function atRoot(dim: Dimension, lo: number, hi: number): boolean {
  if (lo === hi) return false;
  if (dim.kind === 'ordered') return dim.label(lo, hi) === MIXED_LABEL;
  // The lowest common ancestor of the region's leaves: at the root when it holds every leaf.
  const node = lowestCommonAncestor(dim.tree, lo, hi);
  return dim.tree.first[node] === 0 && dim.tree.last[node] === dim.cardinality - 1;
}

/**
 * One warning per quasi-identifier that is published at its root in every row (none for a table
 * with no row). For a categorical column without a hierarchy, the warning says that Mondrian can
 * only keep or suppress such a column's values whole and suggests a hierarchy, or, when its
 * present values (nearly all) look like dates in a non-ISO form, converting them to ISO dates.
 *
 * @param data - the dataset Mondrian ran on.
 * @param specs - the quasi-identifier specs, in the order of `dimensions`.
 * @param dimensions - the encoded quasi-identifiers.
 * @param partitioning - the final partitions and their regions.
 * @returns the warnings, in column order.
 * @throws never.
 * @example
 * rootWarnings(data, specs, dimensions, partitioning)
 * // => ['quasi-identifier "date_naissance" is "*" in every released row: …']
 */
export function rootWarnings(
  data: Dataset,
  specs: readonly ColumnSpec[],
  dimensions: readonly Dimension[],
  partitioning: Pick<Partitioning, 'count' | 'lo' | 'hi'>,
): string[] {
  const { count, lo, hi } = partitioning;
  if (count === 0) return [];
  const d = dimensions.length;
  const warnings: string[] = [];
  dimensions.forEach((dim, j) => {
    for (let p = 0; p < count; p++) {
      if (!atRoot(dim, lo[p * d + j] as number, hi[p * d + j] as number)) return;
    }
    const spec = specs[j] as ColumnSpec;
    const label = dim.label(lo[j] as number, hi[j] as number);
    const head = `quasi-identifier "${dim.name}" is ${JSON.stringify(label)} in every released row`;
    if (dim.kind === 'ordered') {
      warnings.push(
        `${head}: every partition mixes records missing it with records that have it (such a range is published as "*")`,
      );
    } else if (spec.hierarchy !== undefined) {
      warnings.push(
        `${head}: every partition was generalised to the top of its hierarchy; a hierarchy with more levels, a smaller k or fewer quasi-identifiers may keep some of it`,
      );
    } else {
      const pattern = foreignDatePattern(
        data.table.array(dim.name) as ArrayLike<unknown>,
        spec.missing ?? [],
      );
      const advice =
        pattern === undefined
          ? 'give it a hierarchy to group its values'
          : `its values look like dates written ${dateFormName(pattern)}: convert them to ISO (YYYY-MM-DD) to get ranges of dates, or give it a hierarchy`;
      warnings.push(
        `${head}: it is categorical without a hierarchy, and Mondrian can only keep or suppress such a column whole (a partition keeps its value only when all its records share it); ${advice}`,
      );
    }
  });
  return warnings;
}
