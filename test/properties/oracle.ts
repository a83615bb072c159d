/**
 * Independent oracles for the privacy models of issue 3, written from the papers' definitions
 * alone. Nothing here imports `src/privacy/*` or any method's internals: the property tests call
 * only the public functions under test and judge their releases with these.
 *
 * - l-diversity (Machanavajjhala, Kifer, Gehrke, Venkitasubramaniam, "l-diversity: privacy beyond
 *   k-anonymity", ACM TKDD 1(1), 2007): distinct (at least l distinct values), entropy
 *   (−Σ p ln p ≥ ln l) and recursive (c,l) (r1 < c·(r_l + … + r_m), counts sorted r1 ≥ … ≥ rm).
 * - t-closeness (Li, Li, Venkatasubramanian, "t-Closeness: privacy beyond k-anonymity and
 *   l-diversity", ICDE 2007): the Earth Mover's Distance between a class's distribution and the
 *   whole input's is at most t; equal ground distance EMD = ½ Σ|p − q|; ordered ground distance
 *   EMD = 1/(m − 1) Σ_i |Σ_{j≤i} (p_j − q_j)| over the m values of the input in ascending order.
 *
 * Missing sensitive values (null, undefined, '', NaN) are not values (case B10): they count neither
 * as a distinct value nor in a distribution. A class with no non-missing value has no diversity and
 * no distribution, so it fails every model (a documented choice of the implementation too).
 */

/** One sensitive model, as the public option `models` takes it. */
export type ModelSpec =
  | {
      model: 'l-diversity';
      column: string;
      variant: 'distinct' | 'entropy' | 'recursive';
      l: number;
      c?: number;
    }
  | {
      model: 't-closeness';
      column: string;
      t: number;
      distance?: 'equal' | 'ordered' | 'hierarchical';
    };

/** True for a cell that holds no sensitive value. */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

/** The non-missing values of `cells`, as text (values compare as their text). */
export function present(cells: readonly unknown[]): string[] {
  return cells.filter((v) => !isMissing(v)).map((v) => String(v));
}

/** Count of each value. */
export function counts(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/** Number of distinct non-missing values. */
export function distinctL(cells: readonly unknown[]): number {
  return counts(present(cells)).size;
}

/** Shannon entropy (natural log) of the non-missing values; NaN when there are none. */
export function entropy(cells: readonly unknown[]): number {
  const values = present(cells);
  if (values.length === 0) return Number.NaN;
  let h = 0;
  for (const c of counts(values).values()) {
    const p = c / values.length;
    h -= p * Math.log(p);
  }
  return h;
}

/** Recursive (c,l)-diversity, l ≥ 2: m ≥ l and r1 < c·(r_l + … + r_m). */
export function recursiveHolds(cells: readonly unknown[], c: number, l: number): boolean {
  const r = [...counts(present(cells)).values()].sort((a, b) => b - a);
  if (r.length < l || r.length === 0) return false;
  let tail = 0;
  for (let i = l - 1; i < r.length; i++) tail += r[i] as number;
  return (r[0] as number) < c * tail;
}

/** The share of each value of `domain` among the non-missing `cells`. */
function shares(cells: readonly unknown[], domain: readonly string[]): number[] {
  const values = present(cells);
  const m = counts(values);
  return domain.map((v) => (m.get(v) ?? 0) / values.length);
}

/** Equal-distance EMD: ½ Σ |p_i − q_i| over the input's values. */
export function equalEmd(cls: readonly unknown[], whole: readonly unknown[]): number {
  const domain = [...counts(present(whole)).keys()];
  const p = shares(cls, domain);
  const q = shares(whole, domain);
  let s = 0;
  for (let i = 0; i < domain.length; i++) s += Math.abs((p[i] as number) - (q[i] as number));
  return s / 2;
}

/**
 * Ordered-distance EMD: 1/(m − 1) Σ_i |Σ_{j≤i} (p_j − q_j)|, the input's m distinct values sorted
 * numerically (0 when m = 1: every class then has the input's distribution).
 */
export function orderedEmd(cls: readonly unknown[], whole: readonly unknown[]): number {
  const domain = [...counts(present(whole)).keys()].sort((a, b) => Number(a) - Number(b));
  if (domain.length <= 1) return 0;
  const p = shares(cls, domain);
  const q = shares(whole, domain);
  let cumulative = 0;
  let s = 0;
  for (let i = 0; i < domain.length; i++) {
    cumulative += (p[i] as number) - (q[i] as number);
    s += Math.abs(cumulative);
  }
  return s / (domain.length - 1);
}

/**
 * Hierarchical-distance EMD (Li et al. 2007, section 4.2): two leaves are level(LCA)/H apart, H the
 * height of the tree (levels above the leaves; `rows` are `[leaf, level1, …, root]` with one
 * root, so H = rows[0].length − 1). EMD = Σ over internal nodes N of level(N)/H ·
 * min(pos_extra(N), −neg_extra(N)), where extra of a leaf is p − q, of a node the sum over its
 * children, and pos_extra / neg_extra sum the positive / negative extras of N's children.
 */
export function hierarchicalEmd(
  cls: readonly unknown[],
  whole: readonly unknown[],
  rows: readonly (readonly string[])[],
): number {
  const H = at(rows, 0).length - 1;
  if (H === 0) return 0;
  const leaves = rows.map((r) => at(r, 0));
  const p = shares(cls, leaves);
  const q = shares(whole, leaves);
  // extra[level]: node label at that level → its extra; children[level]: node → child labels.
  const extra: Map<string, number>[] = Array.from(
    { length: H + 1 },
    () => new Map<string, number>(),
  );
  const children: Map<string, Set<string>>[] = Array.from(
    { length: H + 1 },
    () => new Map<string, Set<string>>(),
  );
  rows.forEach((r, i) => {
    const e = (p[i] as number) - (q[i] as number);
    for (let l = 0; l <= H; l++) {
      const label = at(r, l);
      extra[l]?.set(label, (extra[l]?.get(label) ?? 0) + e);
      if (l > 0) {
        const kids = children[l]?.get(label) ?? new Set<string>();
        kids.add(at(r, l - 1));
        children[l]?.set(label, kids);
      }
    }
  });
  let emd = 0;
  for (let l = 1; l <= H; l++) {
    for (const kids of (children[l] ?? new Map<string, Set<string>>()).values()) {
      let pos = 0;
      let neg = 0;
      for (const kid of kids) {
        const e = extra[l - 1]?.get(kid) ?? 0;
        if (e > 0) pos += e;
        else neg += e;
      }
      emd += (l / H) * Math.min(pos, -neg);
    }
  }
  return emd;
}

/**
 * Which ground distance a t-closeness spec means on a column: hierarchical with a hierarchy,
 * ordered on a numeric column, else equal.
 */
export function distanceOf(
  spec: Extract<ModelSpec, { model: 't-closeness' }>,
  numeric: boolean,
  hierarchical = false,
): 'equal' | 'ordered' | 'hierarchical' {
  return spec.distance ?? (hierarchical ? 'hierarchical' : numeric ? 'ordered' : 'equal');
}

/**
 * Why a class fails a model, or null when it holds. `cls` and `whole` are the class's and the
 * whole input's cells of the model's column; `tree` its hierarchy rows, if it has one.
 */
export function failure(
  spec: ModelSpec,
  cls: readonly unknown[],
  whole: readonly unknown[],
  numeric: boolean,
  tree?: readonly (readonly string[])[],
): string | null {
  const values = present(cls);
  if (values.length === 0) return 'no non-missing sensitive value';
  if (spec.model === 'l-diversity') {
    if (spec.variant === 'distinct') {
      const d = distinctL(cls);
      return d >= spec.l ? null : `distinct l ${d} < ${spec.l}`;
    }
    if (spec.variant === 'entropy') {
      const h = entropy(cls);
      return h >= Math.log(spec.l) - 1e-9 ? null : `entropy ${h} < ln ${spec.l}`;
    }
    const c = spec.c ?? Number.NaN;
    return recursiveHolds(cls, c, spec.l) ? null : `recursive (${c},${spec.l}) fails`;
  }
  const distance = distanceOf(spec, numeric, tree !== undefined);
  const emd =
    distance === 'ordered'
      ? orderedEmd(cls, whole)
      : distance === 'hierarchical'
        ? hierarchicalEmd(cls, whole, tree ?? [])
        : equalEmd(cls, whole);
  return emd <= spec.t + 1e-9 ? null : `EMD ${emd} > t = ${spec.t}`;
}

/** True when the rows `rows` (indices into `columns`' arrays) satisfy every model. */
export function satisfiesAll(
  specs: readonly ModelSpec[],
  rows: readonly number[],
  columns: Record<string, readonly unknown[]>,
  numeric: Record<string, boolean>,
  trees: Record<string, readonly (readonly string[])[]> = {},
): boolean {
  return specs.every((spec) => {
    const whole = columns[spec.column] ?? [];
    const cls = rows.map((r) => whole[r]);
    return failure(spec, cls, whole, numeric[spec.column] ?? false, trees[spec.column]) === null;
  });
}

/** Rows grouped by a key, in order of first appearance. */
export function groupBy(keys: readonly string[], rows?: readonly number[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const r of rows ?? keys.map((_, i) => i)) {
    const key = keys[r] as string;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [r]);
    else g.push(r);
  }
  return [...groups.values()];
}

/** Index access that throws instead of returning undefined (tests read arrays they built). */
export function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`test: index ${i} out of range (${xs.length})`);
  return x;
}
