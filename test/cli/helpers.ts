/** Running the CLI in-process for tests, and scratch folders. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';

/** What a CLI run gave: its exit code and everything it printed. */
export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `datanonyme <argv…>` in this process and collects its output. */
export async function cli(...argv: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (s) => (stdout += s + '\n'),
    stderr: (s) => (stderr += s + '\n'),
  });
  return { code, stdout, stderr };
}

/** A new temporary folder holding the given files (name → text). */
export function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'datanonyme-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
