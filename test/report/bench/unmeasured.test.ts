import { describe, expect, it } from 'vitest';
import { unmeasuredAttacks } from '../../../src/report/bench/methods.js';
import type { AttackRisk, Evaluation } from '../../../src/metrics/evaluate.js';

const measured = (risk: number): AttackRisk => ({ risk, ci: [0, risk], metrics: [] });
const missing = (reason?: string): AttackRisk => ({
  risk: null,
  ci: null,
  ...(reason === undefined ? {} : { reason }),
  metrics: [],
});
const riskOf = (r: Partial<Evaluation['risk']>): Evaluation['risk'] => ({
  reidentification: [],
  attributes: [],
  distance: [],
  singlingOut: measured(0.1),
  linkability: measured(0.2),
  inference: {},
  ...r,
});

describe('unmeasuredAttacks: the bench says why an attack has no figure', () => {
  it('names each attack without a risk and gives its reason', () => {
    expect(
      unmeasuredAttacks(
        riskOf({
          singlingOut: missing('no predicate isolates a single release record'),
          inference: { 'salary-class': measured(0.3), sex: missing() },
        }),
      ),
    ).toEqual([
      'singling out not measured: no predicate isolates a single release record',
      'inference on sex not measured: no reason given',
    ]);
  });

  it('says nothing when every attack was measured, including a risk of 0', () => {
    expect(unmeasuredAttacks(riskOf({ linkability: measured(0) }))).toEqual([]);
  });
});
