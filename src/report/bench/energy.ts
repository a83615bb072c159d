/**
 * The energy and carbon estimate of a run: CPU time × power per busy core, then × the grid's
 * carbon intensity. A coarse estimate with stated assumptions (method of Lannelongue, Grealey and
 * Inouye, "Green Algorithms: quantifying the carbon footprint of computation", Advanced Science
 * 2021: energy = time × cores × power per core × PUE; here CPU time already counts the busy cores,
 * memory power is left out and PUE is 1, a desktop or laptop).
 */
import { DatanonymeError } from '../../errors.js';
import type { EnergyAssumptions } from './types.js';

/** The default assumptions: 10 W per busy core, France's 2023 grid. */
export const DEFAULT_ENERGY: EnergyAssumptions = {
  wattsPerCore: 10,
  gramsPerKwh: 32,
  intensitySource:
    "RTE, Bilan électrique 2023: carbon intensity of France's electricity production, 32 gCO₂eq/kWh over 2023 (https://analysesetdonnees.rte-france.com/en/node/366)",
  powerSource:
    'an assumption of the order of a current CPU’s thermal design power divided by its cores (for example 65 W / 6 cores ≈ 11 W); memory, disks and the screen are not counted',
};

/** The energy and carbon of a CPU time. */
export interface EnergyEstimate {
  /** Joules: CPU seconds × watts per core. */
  joules: number;
  /** Kilowatt-hours: joules / 3.6 × 10⁶. */
  kwh: number;
  /** Milligrams of CO₂-equivalent: kWh × grams per kWh × 1000. */
  carbonMg: number;
}

/**
 * The energy and carbon of `cpuMs` milliseconds of CPU time under the assumptions.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for a negative or non-finite CPU time, power or intensity.
 * @example energyOf(3600_000, { ...DEFAULT_ENERGY, wattsPerCore: 10, gramsPerKwh: 32 }).carbonMg // => 320
 */
export function energyOf(
  cpuMs: number,
  assumptions: Pick<EnergyAssumptions, 'wattsPerCore' | 'gramsPerKwh'> = DEFAULT_ENERGY,
): EnergyEstimate {
  checkNonNegative(cpuMs, 'cpuMs');
  checkNonNegative(assumptions.wattsPerCore, 'watts-per-core');
  checkNonNegative(assumptions.gramsPerKwh, 'grid-intensity');
  const joules = (cpuMs / 1000) * assumptions.wattsPerCore;
  const kwh = joules / 3.6e6;
  return { joules, kwh, carbonMg: kwh * assumptions.gramsPerKwh * 1000 };
}

/**
 * The assumptions in plain words, for the report.
 *
 * @example energyAssumptionLines(DEFAULT_ENERGY)[0] // => 'Energy = CPU time × 10 W per busy core …'
 */
export function energyAssumptionLines(a: EnergyAssumptions): string[] {
  return [
    `Energy = CPU time × ${a.wattsPerCore} W per busy core (${a.powerSource}); power usage effectiveness 1.`,
    `Carbon = energy × ${a.gramsPerKwh} gCO₂eq/kWh (${a.intensitySource}).`,
    'Method: Lannelongue, Grealey and Inouye, "Green Algorithms: quantifying the carbon footprint of computation", Advanced Science 8 (2021). CPU time is the whole process’s (user + system) while the method ran; it counts only the making of the release, not its evaluation.',
  ];
}

function checkNonNegative(value: number, field: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${field} must be a finite number ≥ 0, got ${value}`,
      {
        field,
        value: String(value),
      },
    );
  }
}
