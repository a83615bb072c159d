/**
 * Splitting a privacy budget in given proportions so that the parts, read as the accountant reads
 * them (each double as the decimal it prints as, `String(x)`; src/privacy/accountant.ts), add up
 * to exactly the whole: a composite query charged part by part then spends exactly what it was
 * given, never more, as `splitBudget` does for equal parts.
 *
 * How: let 10^L be the leading digit's place of the total and g = L − 14. Every part but the last
 * is its exact share rounded to a multiple of 10^g, so it has at most 15 significant digits and
 * reads back exactly; the last is the exact decimal rest. When the total itself is a multiple of
 * 10^g (it has at most 15 significant digits, as every ε typed by a person has) the rest is a
 * multiple of 10^g no larger than the total, so it too has at most 15 significant digits and
 * reads back exactly: the parts add up to the total, exactly. A total of 16 or 17 digits (a sum
 * computed in doubles, such as 0.1 + 0.2) leaves a rest with its last digits, which may have no
 * double that prints as it; then the largest of the first parts is moved by a few units of 10^g
 * (at most 50, a relative 5·10⁻¹³ of the total) until the rest reads back exactly, and if none
 * does, the last part is the largest double below the rest (the parts then add up to less than
 * the whole by less than a unit in its last place, never more).
 */
import { DatanonymeError } from '../../../src/errors.js';
import { MIN_SPEND } from '../../../src/privacy/accountant.js';

/** A non-negative decimal m·10^e. */
interface Decimal {
  m: bigint;
  e: number;
}

/** The decimal a non-negative finite double prints as. */
function decimalOf(x: number): Decimal {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (match === null) throw new Error(`not a finite non-negative number: ${x}`);
  const fraction = match[2] ?? '';
  return { m: BigInt((match[1] ?? '0') + fraction), e: Number(match[3] ?? '0') - fraction.length };
}

/** a − b on a common exponent. */
function minus(a: Decimal, b: Decimal): Decimal {
  const e = Math.min(a.e, b.e);
  return { m: a.m * 10n ** BigInt(a.e - e) - b.m * 10n ** BigInt(b.e - e), e };
}

/** The sign of a − b. */
function compare(a: Decimal, b: Decimal): number {
  const d = minus(a, b).m;
  return d === 0n ? 0 : d > 0n ? 1 : -1;
}

/** The double nearest a decimal. */
function toNumber(x: Decimal): number {
  return Number(`${x.m}e${x.e}`);
}

/** The place of the leading digit of a positive decimal: L with 10^L ≤ x < 10^(L+1). */
function leadingPlace(x: Decimal): number {
  return x.m.toString().length - 1 + x.e;
}

/** The largest double below a positive finite x. */
function nextDown(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

/** The rest total − Σ parts as a double, when it prints as exactly that decimal; else null. */
function exactRest(whole: Decimal, parts: readonly Decimal[]): number | null {
  let rest = whole;
  for (const p of parts) rest = minus(rest, p);
  if (rest.m <= 0n) return null;
  const x = toNumber(rest);
  return compare(decimalOf(x), rest) === 0 ? x : null;
}

/**
 * Splits `total` (an ε or a ρ) into parts proportional to `weights` whose decimals add up to
 * exactly the decimal of `total` (see the module comment: always when `total` has at most 15
 * significant digits; otherwise almost always, and never more than the total). Each part is
 * within a relative 10⁻¹² of the total from its exact share.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `total` (not finite and > 0), `weights` (empty,
 *   or a weight not finite and > 0) or `parts` (a part would fall below the accountant's smallest
 *   spend, 1e-12, or vanish at 15 significant digits of the total).
 * @example
 * splitByWeights(1, [1, 2]) // => [0.33333333333333, 0.66666666666667]
 * splitByWeights(1, [6, 1, 8]) // => [0.4, 0.06666666666667, 0.53333333333333]
 */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  if (!Number.isFinite(total) || total <= 0) {
    throw new DatanonymeError('BAD_PARAMETER', `total must be a finite number > 0, got ${total}`, {
      field: 'total',
      value: String(total),
    });
  }
  if (weights.length === 0 || weights.some((w) => !Number.isFinite(w) || w <= 0)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `weights must be finite numbers > 0, got [${weights.join(', ')}]`,
      { field: 'weights', value: weights.join(',') },
    );
  }
  const tooSmall = (parts: readonly number[]): never => {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `splitting ${total} in proportions [${weights.join(', ')}] gives a part below ${MIN_SPEND} or one lost at 15 significant digits`,
      { field: 'parts', value: parts.join(',') },
    );
  };
  if (weights.length === 1) return [total];
  const whole = decimalOf(total);
  const g = leadingPlace(whole) - 14;
  const sum = weights.reduce((a, b) => a + b, 0);
  // each first part to the nearest multiple of 10^g, as a decimal (digits from the double's own
  // rounding to the right number of places, so no power of ten is ever formed in doubles)
  const first: Decimal[] = weights.slice(0, -1).map((w) => {
    const ideal = (total * w) / sum;
    if (!(ideal > 0)) return { m: 0n, e: g };
    const digits = Math.floor(Math.log10(ideal)) - g + 1;
    if (digits < 1) return { m: 0n, e: g };
    const d = decimalOf(Number(ideal.toPrecision(Math.min(digits, 17))));
    if (d.e >= g) return { m: d.m * 10n ** BigInt(d.e - g), e: g };
    // log10 rounding put one digit too many: round half up at place g
    const drop = 10n ** BigInt(g - d.e);
    return { m: (d.m + drop / 2n) / drop, e: g };
  });
  let last = exactRest(whole, first);
  if (last === null && first.length > 0) {
    // move the largest first part by ±1, ±2, … units of 10^g until the rest reads back exactly
    let j = 0;
    for (let i = 1; i < first.length; i++) {
      if ((weights[i] as number) > (weights[j] as number)) j = i;
    }
    const base = first[j] as Decimal;
    for (let k = 1; k <= 50 && last === null; k++) {
      for (const step of [BigInt(k), -BigInt(k)]) {
        const moved = { m: base.m + step, e: g };
        if (moved.m <= 0n) continue;
        const trial = first.map((p, i) => (i === j ? moved : p));
        last = exactRest(whole, trial);
        if (last !== null) {
          first[j] = moved;
          break;
        }
      }
    }
  }
  const parts = first.map(toNumber);
  if (last === null) {
    let rest = whole;
    for (const p of first) rest = minus(rest, p);
    if (rest.m <= 0n) return tooSmall([...parts, toNumber(rest)]);
    last = toNumber(rest);
    while (last > 0 && compare(decimalOf(last), rest) > 0) last = nextDown(last);
  }
  parts.push(last);
  if (parts.some((p) => !(p >= MIN_SPEND))) return tooSmall(parts);
  return parts;
}
