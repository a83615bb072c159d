/**
 * The energy and carbon estimate against hand computations: energy = CPU seconds × W per core,
 * kWh = J / 3.6e6, carbon = kWh × g/kWh.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ENERGY,
  energyAssumptionLines,
  energyOf,
} from '../../../src/report/bench/energy.js';
import { DatanonymeError } from '../../../src/errors.js';

describe('energyOf', () => {
  it('one CPU hour at 10 W on the French grid (32 g/kWh)', () => {
    // 3600 s × 10 W = 36,000 J = 0.01 kWh; 0.01 kWh × 32 g/kWh = 0.32 g = 320 mg.
    const e = energyOf(3_600_000, { wattsPerCore: 10, gramsPerKwh: 32 });
    expect(e.joules).toBeCloseTo(36_000, 9);
    expect(e.kwh).toBeCloseTo(0.01, 12);
    expect(e.carbonMg).toBeCloseTo(320, 9);
  });

  it('1.5 s at 15 W and 56 g/kWh', () => {
    // 1.5 s × 15 W = 22.5 J = 6.25e-6 kWh; × 56 g/kWh = 3.5e-4 g = 0.35 mg.
    const e = energyOf(1500, { wattsPerCore: 15, gramsPerKwh: 56 });
    expect(e.joules).toBeCloseTo(22.5, 12);
    expect(e.kwh).toBeCloseTo(6.25e-6, 15);
    expect(e.carbonMg).toBeCloseTo(0.35, 12);
  });

  it('no CPU time, no energy; the defaults are France 2023 (RTE) and 10 W', () => {
    expect(energyOf(0)).toEqual({ joules: 0, kwh: 0, carbonMg: 0 });
    expect(DEFAULT_ENERGY.gramsPerKwh).toBe(32);
    expect(DEFAULT_ENERGY.wattsPerCore).toBe(10);
    expect(DEFAULT_ENERGY.intensitySource).toMatch(/RTE.*2023/);
  });

  it('refuses a negative or non-finite figure, naming it', () => {
    expect(() => energyOf(-1)).toThrow(DatanonymeError);
    expect(() => energyOf(1, { wattsPerCore: Number.NaN, gramsPerKwh: 32 })).toThrow(
      /watts-per-core/,
    );
    expect(() => energyOf(1, { wattsPerCore: 10, gramsPerKwh: -3 })).toThrow(/grid-intensity/);
  });

  it('states the assumptions with their figures and sources', () => {
    const lines = energyAssumptionLines({ ...DEFAULT_ENERGY, wattsPerCore: 12, gramsPerKwh: 40 });
    expect(lines[0]).toContain('CPU time × 12 W per busy core');
    expect(lines[1]).toContain('40 gCO₂eq/kWh');
    expect(lines[1]).toContain('RTE');
    expect(lines[2]).toContain('Lannelongue');
  });
});
