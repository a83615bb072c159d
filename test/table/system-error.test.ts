import { describe, expect, it } from 'vitest';
import { isSystemError } from '../../src/table/system-error.js';

describe('isSystemError', () => {
  it('recognises errno errors only', () => {
    expect(isSystemError(Object.assign(new Error('gone'), { code: 'ENOENT' }))).toBe(true);
    expect(isSystemError(Object.assign(new Error('bad'), { code: 'CSV_QUOTE_NOT_CLOSED' }))).toBe(
      false,
    );
    expect(isSystemError(new TypeError('bug'))).toBe(false);
    expect(isSystemError({ code: 'ENOENT' })).toBe(false);
    expect(isSystemError(null)).toBe(false);
  });
});
