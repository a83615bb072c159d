/**
 * Attribute disclosure of a release: the l and t its classes reach for each sensitive column.
 * Classes are the release's rows grouped by their published quasi-identifiers; within each, the
 * distinct values of the secret (distinct l-diversity), the exponential of their entropy (entropy
 * l-diversity) and the earth mover's distance of their distribution to the release's whole
 * distribution (t-closeness: ordered distance for numbers and dates, equal distance otherwise).
 * The release reaches the least l and the greatest t over its classes. Missing secret values are
 * not values (case B10). A row whose quasi-identifiers are all `*` is a suppressed record and
 * belongs to no class.
 *
 * References: Machanavajjhala, Kifer, Gehrke, Venkitasubramaniam, "l-diversity", TKDD 2007; Li,
 * Li, Venkatasubramanian, "t-closeness", ICDE 2007.
 */
import { ModelEvaluator } from '../../privacy/histogram.js';
import { distinctLDiversity, entropyLDiversity } from '../../privacy/lDiversity.js';
import { encodeSensitiveColumn } from '../../privacy/sensitive.js';
import { tCloseness } from '../../privacy/tCloseness.js';
import type { Dataset } from '../../types.js';
import { notApplicable, type MetricValue } from '../result.js';
import { equivalenceClasses } from './reidentification.js';

const REFERENCE =
  'Machanavajjhala et al., l-diversity, TKDD 2007; Li, Li and Venkatasubramanian, t-closeness, ICDE 2007';

/**
 * The l and t reached by the release for each secret column.
 *
 * @returns per secret: `lDiversityDistinct`, `lDiversityEntropy` and `tCloseness`.
 * @example
 * attributeDisclosure(release, ['sex', 'age'], ['disease'])[0]?.value // => 2 (least distinct l)
 */
export function attributeDisclosure(
  release: Dataset,
  quasiIdentifiers: readonly string[],
  secrets: readonly string[],
): MetricValue[] {
  const names = new Set(release.table.columnNames());
  const qis = quasiIdentifiers.filter((q) => names.has(q));
  const n = release.table.numRows();
  const out: MetricValue[] = [];
  for (const secret of secrets) {
    const label = [secret];
    if (!names.has(secret) || qis.length === 0 || n === 0) {
      const why = !names.has(secret)
        ? 'the secret is not in the release'
        : n === 0
          ? 'the release has no rows'
          : 'no quasi-identifier in the release';
      for (const name of ['lDiversityDistinct', 'lDiversityEntropy', 'tCloseness']) {
        out.push(notApplicable(name, 'risk', why, REFERENCE, label));
      }
      continue;
    }
    const cells = qis.map((q) => release.table.array(q) as ArrayLike<unknown>);
    const { classOf, sizes } = equivalenceClasses(cells, n);
    // Suppressed records (every quasi-identifier `*`) belong to no class.
    const kept = new Uint8Array(sizes.length);
    for (let r = 0; r < n; r++) {
      if (cells.every((c) => c[r] === '*')) classOf[r] = -1;
      else kept[classOf[r] as number] = 1;
    }
    const spec = release.columns.find((c) => c.name === secret);
    const tokens = spec?.missing ?? [];
    const column = encodeSensitiveColumn(
      secret,
      release.table.array(secret) as ArrayLike<unknown>,
      {
        type: spec?.type ?? 'categorical',
        missing: (v) => typeof v === 'string' && tokens.includes(v),
      },
    );
    if (column.values.length === 0) {
      for (const name of ['lDiversityDistinct', 'lDiversityEntropy', 'tCloseness']) {
        out.push(
          notApplicable(name, 'risk', 'every value of the secret is missing', REFERENCE, label),
        );
      }
      continue;
    }
    const distance = column.ordered === true ? 'ordered' : 'equal';
    const evaluator = new ModelEvaluator(
      {
        k: 1,
        sensitive: [
          distinctLDiversity(secret, 1),
          entropyLDiversity(secret, 1),
          tCloseness(column, 1, distance),
        ],
      },
      [column],
    );
    const summary = evaluator.summarise(classOf, sizes.length, kept);
    const [distinct, entropy, closeness] = summary.perModel;
    const details = {
      classes: kept.reduce((a, b) => a + b, 0),
      missingValues: summary.missingSensitive[secret] ?? 0,
    };
    const value = (reached: number | null | undefined): number | null => reached ?? null;
    out.push(
      {
        name: 'lDiversityDistinct',
        kind: 'risk',
        value: value(distinct?.reached),
        reference: REFERENCE,
        columns: label,
        details,
      },
      {
        name: 'lDiversityEntropy',
        kind: 'risk',
        value: value(entropy?.reached),
        reference: REFERENCE,
        columns: label,
        details,
      },
      {
        name: 'tCloseness',
        kind: 'risk',
        value: value(closeness?.reached),
        reference: REFERENCE,
        columns: label,
        details: { ...details, distance },
      },
    );
  }
  return out;
}
