#!/usr/bin/env node
/**
 * The `datanonyme` command. Exit codes: 0 success; 2 bad input, config or parameters (a one-line
 * message naming file, line, column and value); 1 an internal error (a bug: the stack is printed
 * with --debug).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { DatanonymeError, isDatanonymeError } from '../errors.js';
import { anonymiseCommand, type AnonymiseFlags } from './anonymise.js';
import { benchCommand, type BenchFlags } from './bench.js';
import { methodsCommand } from './methods.js';
import { dpCommand, type DpFlags } from './dp.js';
import { evaluateCommand, type EvaluateFlags } from './evaluate.js';
import { inspectCommand, type InspectFlags } from './inspect.js';
import { perturbCommand, type PerturbFlags } from './perturb.js';
import { splitCommand, type SplitFlags } from './split.js';
import { synthCommand, type SynthFlags } from './synth.js';
import { tablesCommand, type TablesFlags } from './tables.js';
import { tablesKeysCommand } from './tables-keys.js';
import { packageVersion } from './version.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Builds the program; `run` parses argv and returns the exit code instead of exiting. */
export function program(io: { stdout: (s: string) => void; stderr: (s: string) => void }): Command {
  const cli = new Command('datanonyme')
    .description('Publish personal microdata safely: anonymise, measure utility and risk.')
    .version(packageVersion())
    .option('--debug', 'print the stack of internal errors')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => {
        io.stdout(s.replace(/\n$/, ''));
      },
      writeErr: (s) => {
        io.stderr(s.replace(/\n$/, ''));
      },
      outputError: (s, write) => {
        write(`datanonyme: ${s}`);
      },
    });

  cli
    .command('anonymise')
    .alias('anonymize')
    .description(
      'anonymise a CSV to k-anonymity (and l-diversity, t-closeness) and report the cost',
    )
    .argument('<input.csv>', 'the data (never overwritten)')
    .option('-o, --output <file>', 'the anonymised CSV (written to a temporary file, then renamed)')
    .option(
      '--method <name>',
      'optimal (full-domain generalisation, the default), mondrian, mdav (microaggregation) or local-suppression',
    )
    .option(
      '--k <k>',
      'every released record shares its quasi-identifiers with at least k - 1 others',
    )
    .option(
      '--l-diversity <column:variant:l[:c]>',
      'l-diversity of a sensitive column: distinct, entropy or recursive (with c), e.g. disease:distinct:2 (repeatable)',
      collect,
      [],
    )
    .option(
      '--t-closeness <column:t[:distance]>',
      't-closeness of a sensitive column, distance equal, ordered or hierarchical (default: by type), e.g. salary:0.2 (repeatable)',
      collect,
      [],
    )
    .option('--qi <columns>', 'quasi-identifiers, comma-separated')
    .option(
      '--hierarchy <column=spec>',
      'a hierarchy file (ARX CSV) or builder: intervals:<width>[,<fanout>…], mask, dates, flat (repeatable)',
      collect,
      [],
    )
    .option(
      '--hierarchies <dir>',
      'a folder of ARX-named hierarchy files (*hierarchy_<column>.csv)',
    )
    .option('--sensitive <columns>', 'sensitive attributes, kept unchanged')
    .option('--identifier <columns>', 'direct identifiers, removed from the output')
    .option(
      '--identifiers <drop|hash|fake>',
      'what becomes of the --identifier columns: drop (default), hash (HMAC-SHA-256 keyed by --identifier-key-env) or fake (fresh French names, e-mails, phones or codes of the same shape)',
    )
    .option(
      '--identifier-key-env <NAME>',
      'the environment variable holding the secret key of --identifiers hash (default DATANONYME_HMAC_KEY; only its name is reported)',
    )
    .option('--identifier-seed <s>', 'reproducible fakes for --identifiers fake')
    .option(
      '--locale <fr|en>',
      'locale of --identifiers fake (default: fr when the input uses ; or a decimal comma, else en)',
    )
    .option(
      '--insensitive <columns>',
      'columns kept as they are (the default for columns named nowhere)',
    )
    .option(
      '--suppression-limit <fraction>',
      'largest share of rows that may be suppressed (0.05 or 5%)',
    )
    .addOption(
      new Option('--metric <name>', 'information loss to minimise').choices([
        'loss',
        'precision',
        'discernibility',
        'entropy',
        'aecs',
      ]),
    )
    .option('--variant <strict|relaxed>', 'mondrian: may a value be split across partitions')
    .option('--aggregate <mean|median>', 'mdav: the value each group gets')
    .option(
      '--importance <columns>',
      'local-suppression: quasi-identifiers from most to least important (the last is suppressed first)',
    )
    .option(
      '--levels <column=level,…>',
      'local-suppression: the generalisation level to start from, per quasi-identifier (default 0)',
    )
    .option(
      '--config <file.json>',
      'roles, hierarchies, privacy model and options (flags override it)',
    )
    .option('--report <report.json>', 'write the JSON report here')
    .option('--delimiter <d>', 'input separator: , ; | tab (default: detected)')
    .option('--decimal <mark>', 'input decimal mark: . , or auto (default: auto)')
    .option('--missing <tokens>', "comma-separated missing-value tokens (default: '',NA,?,NULL)")
    .option('--output-delimiter <d>', 'output separator (default: the input one)')
    .option('--output-decimal <mark>', 'output decimal mark for numbers (default: the input one)')
    .option('--bom', 'start the output with a UTF-8 byte-order mark')
    .option(
      '--guard-formulas',
      "prefix text cells starting with = + - @ with ' (spreadsheet formula injection)",
    )
    .option(
      '--drop-suppressed',
      'remove suppressed rows instead of keeping them with * in every quasi-identifier',
    )
    .action(async (input: string, flags: AnonymiseFlags) => {
      await anonymiseCommand(input, flags, io.stderr);
    });

  cli
    .command('dp')
    .description(
      'release differentially private counts and aggregates of a CSV, with a privacy budget report',
    )
    .argument('<input.csv>', 'the data (never overwritten)')
    .option('-o, --output <file>', 'the released CSV (written to a temporary file, then renamed)')
    .option('--config <dp.json>', 'a plan: the budget and a list of queries')
    .option('--count-by <columns>', 'release a noisy count per combination of these columns')
    .option('--epsilon <ε>', 'the privacy budget ε of --count-by')
    .option('--delta <δ>', 'the δ of the Gaussian mechanism')
    .addOption(
      new Option('--mechanism <name>', 'the noise of --count-by (default geometric)').choices([
        'geometric',
        'laplace',
        'gaussian',
      ]),
    )
    .option(
      '--domain <column=values>',
      'the public values of a --count-by column: v1,v2,… or @file with one per line (repeatable)',
      collect,
      [],
    )
    .option(
      '--domain-from-data',
      'read the values of columns without --domain from the data (NOT private; the report says so)',
    )
    .option('--person <column>', 'the column naming the person (contribution bounding)')
    .option('--max-contributions <m>', 'rows kept per person (default 1)')
    .option('--seed <s>', 'reproducible noise (for tests: the release is then not for publication)')
    .option('--report <report.json>', 'write the JSON report here')
    .option('--delimiter <d>', 'input separator: , ; | tab (default: detected)')
    .option('--decimal <mark>', 'input decimal mark: . , or auto (default: auto)')
    .option('--missing <tokens>', "comma-separated missing-value tokens (default: '',NA,?,NULL)")
    .action(async (input: string, flags: DpFlags) => {
      await dpCommand(input, flags, io.stderr);
    });

  cli
    .command('synth')
    .description(
      'generate a synthetic table with the statistics of a CSV (identifier columns invented afresh)',
    )
    .argument('<input.csv>', 'the data (never overwritten)')
    .option('-o, --output <file>', 'the synthetic CSV (written to a temporary file, then renamed)')
    .option('--method <name>', 'the generator: independent, copula, cart, privbayes or mst')
    .option(
      '--epsilon <ε>',
      'differential privacy with this budget (independent; required by privbayes and mst)',
    )
    .option(
      '--bounds <column=lo:hi>',
      'public bounds of a numeric or date column (required under DP; repeatable)',
      collect,
      [],
    )
    .option(
      '--domain <column=values>',
      'the public categories of a column: v1,v2,… (required under DP; repeatable)',
      collect,
      [],
    )
    .option(
      '--decimals <column=n>',
      'DP: the public number of decimals of a decimal column (default: as many as its --bounds are typed with; repeatable, or col=n,col=n)',
      collect,
      [],
    )
    .option(
      '--domain-from-data',
      'DP: read the categories of columns without --domain, and the bounds of columns without --bounds, from the data (NOT private; the report says so)',
    )
    .option('--with-missing <columns>', 'DP: columns whose missing values are modelled')
    .option('--identifier <columns>', 'identifier columns: dropped, never modelled nor copied')
    .option('--degree <k>', 'privbayes: the largest number of parents of a column (default 2)')
    .option(
      '--identifiers <fake|drop>',
      'identifier columns: fresh invented values, distinct and never an input value (fake, the default) or dropped',
    )
    .option('--rows <n>', 'rows to generate (default: as many as the input; required under DP)')
    .option('--seed <s>', 'seed of the sampling (default: drawn, and written in the report)')
    .option(
      '--noise-seed <s>',
      'DP: reproducible noise, for tests only (the output is then not for publication)',
    )
    .option('--report <report.json>', 'write the JSON report here')
    .option('--delimiter <d>', 'input separator: , ; | tab (default: detected)')
    .option('--decimal <mark>', 'input decimal mark: . , or auto (default: auto)')
    .option('--missing <tokens>', "comma-separated missing-value tokens (default: '',NA,?,NULL)")
    .option(
      '--config <file.json>',
      'the same fields as the flags, and input dialect and column types and roles (flags override it)',
    )
    .option(
      '--locale <fr|en>',
      'locale of fake identifiers (default: fr when the input uses ; or a decimal comma, else en)',
    )
    .option(
      '--order <columns>',
      "cart: the visit sequence, these columns first (synthpop's visit.sequence)",
    )
    .option(
      '--min-leaf <n>',
      "cart: fewest original rows in a leaf (synthpop's minbucket, default 5)",
    )
    .option(
      '--outside <reject|drop>',
      'a value outside its --domain: an error (reject, the default) or its row left out (drop)',
    )
    .action(async (input: string, flags: SynthFlags) => {
      await synthCommand(input, flags, io.stderr);
    });

  cli
    .command('perturb')
    .description(
      'perturb microdata: PRAM on categorical columns, or targeted swapping of the geography of high-risk records',
    )
    .argument('<input.csv>', 'the data (never overwritten)')
    .option('-o, --output <file>', 'the perturbed CSV (written to a temporary file, then renamed)')
    .option('--method <name>', 'pram or swap')
    .option('--columns <columns>', 'pram: the categorical columns to randomise')
    .option('--retention <p>', 'pram: the probability that a value is kept (else it moves)')
    .option(
      '--matrix <column=file>',
      'pram: a transition matrix for a column, CSV (header ,a,b,…; one row per category) or JSON (repeatable)',
      collect,
      [],
    )
    .option(
      '--move <uniform|proportional>',
      'pram: where a value that is not kept goes: any other category alike (default) or in proportion to their frequencies',
    )
    .option('--invariant', 'pram: invariant PRAM (the expected counts after are the observed ones)')
    .option('--strata <column>', 'pram: a separate matrix per value of this column')
    .option('--geography <columns>', 'swap: the geographic columns, swapped together')
    .option(
      '--risk-columns <columns>',
      'swap: records in classes smaller than k on these columns are high-risk (default: geography and --similar)',
    )
    .option('--k <k>', 'swap: the class size below which a record is high-risk (default 3)')
    .option(
      '--risk-threshold <t>',
      'swap: instead of --k, a record is high-risk when its re-identification risk (1/class size) exceeds t',
    )
    .option(
      '--population-size <N>',
      'swap, with --risk-threshold: the file is a sample of N people; the risk is then journalist risk',
    )
    .option(
      '--rate <share>',
      'swap: the largest share of records (households) swapped, e.g. 0.05 or 5%',
    )
    .option('--similar <columns>', 'swap: a donor agrees with the record on these columns')
    .option('--household <column>', 'swap: household identifier; households are swapped whole')
    .option(
      '--seed <s>',
      'reproducible randomness (for tests: the output is then not for publication)',
    )
    .option('--report <report.json>', 'write the JSON report here')
    .option('--delimiter <d>', 'input separator: , ; | tab (default: detected)')
    .option('--decimal <mark>', 'input decimal mark: . , or auto (default: auto)')
    .option('--missing <tokens>', "comma-separated missing-value tokens (default: '',NA,?,NULL)")
    .action(async (input: string, flags: PerturbFlags) => {
      await perturbCommand(input, flags, io.stderr);
    });

  cli
    .command('evaluate')
    .description(
      'measure what a release kept (utility) and what it still exposes (re-identification, singling out, linkability, inference)',
    )
    .option('--original <original.csv>', 'the original rows the release was made from')
    .option('--release <release.csv>', 'the release: generalised, perturbed, noisy or synthetic')
    .option(
      '--control <control.csv>',
      'original rows that did not make the release (needed by the attacks and machine-learning efficacy)',
    )
    .option('--config <file.json>', 'the anonymise config: roles, hierarchies, input dialect')
    .option('--qi <columns>', "quasi-identifiers, comma-separated (default: the config's)")
    .option('--sensitive <columns>', 'secrets of the inference attack, comma-separated')
    .option(
      '--identifier <columns>',
      'identifier columns, replaced or removed by design: left out of every figure and listed as skipped (default: the config\'s role "identifier")',
    )
    .option('--target <column>', 'the column machine-learning efficacy predicts (also a secret)')
    .option(
      '--quick',
      'skip pMSE with CART, machine learning and multivariate singling out; sample less',
    )
    .option('--seed <s>', 'the seed of the sampled figures (default 1)')
    .option(
      '--delimiter <d>',
      'separator of the original and control files: , ; | tab (default: the config, else detected; the release is always detected)',
    )
    .option(
      '--population <n>',
      'the size of the population the original was drawn from: journalist risk and population uniqueness (Pitman, Zayatz, SNB)',
    )
    .option('--report <report.json>', 'write the JSON report here')
    .option('--html <report.html>', 'write a self-contained HTML page here')
    .action(async (flags: EvaluateFlags) => {
      await evaluateCommand(flags, io.stdout, io.stderr);
    });

  cli
    .command('tables')
    .description(
      'a protected table of counts or totals with all margins (cell suppression or the cell key method); ' +
        '`tables audit <table.csv>`: the interval an attacker can deduce for each suppressed cell; ' +
        '`tables keys <input.csv>`: a column of record keys for the cell key method, drawn once and kept',
    )
    .argument('<input.csv>', 'the microdata (never overwritten), or `audit` or `keys`')
    .argument(
      '[file.csv]',
      'audit: a published table in the output format of tables; keys: the microdata',
    )
    .option(
      '-o, --output <table.csv>',
      'the table: one row per cell, totals included, with a status',
    )
    .option('--by <columns>', 'the classification columns, comma-separated')
    .option(
      '--value <column>',
      'a numeric column to total (a magnitude table), default: counts; audit: the published values, default: the column count',
    )
    .option(
      '--hierarchy <column=file>',
      'a hierarchy (ARX CSV) whose levels become nested subtotals (repeatable); audit: the same as when the table was made',
      collect,
      [],
    )
    .option('--frequency-rule <n>', 'a cell needs at least n units (default 3)')
    .option(
      '--dominance <n:k>',
      'the n largest units may hold at most k % (default with --value: 1:85)',
    )
    .option('--p-percent <p>', 'the p % rule (with --value)')
    .option('--protect-zeros', 'empty cells are unsafe too')
    .option(
      '--safety-range <r>',
      'protection of frequency-unsafe cells, % of the value (default 10)',
    )
    .addOption(
      new Option('--method <name>', 'suppression (default) or cell-key').choices([
        'suppression',
        'cell-key',
      ]),
    )
    .addOption(
      new Option('--secondary <name>', 'secondary suppression (default heuristic)').choices([
        'heuristic',
        'optimal',
      ]),
    )
    .option('--max-deviation <D>', 'cell key: the largest deviation (default 2)')
    .option('--variance <V>', 'cell key: the variance of the deviation (default 1)')
    .option(
      '--record-key <column>',
      'cell key: a column of record keys in [0, 1) kept with the data',
    )
    .option('--seed <s>', 'cell key: reproducible record keys (for tests: not for publication)')
    .option(
      '--status <column>',
      'audit: a status column, any status but V is suppressed (default: status, if present)',
    )
    .option('--report <report.json>', 'write the JSON report here')
    .option('--delimiter <d>', 'input separator: , ; | tab (default: detected)')
    .option('--decimal <mark>', 'input decimal mark: . , or auto (default: auto)')
    .option('--missing <tokens>', "comma-separated missing-value tokens (default: '',NA,?,NULL)")
    .option('--column <name>', 'keys: the name of the record key column (default record_key)')
    .action(async (input: string, published: string | undefined, flags: TablesFlags) => {
      if (input === 'keys') {
        await tablesKeysCommand(published, { ...flags }, io.stderr);
        return;
      }
      if ((flags as { column?: string }).column !== undefined) {
        throw new DatanonymeError('BAD_PARAMETER', '--column is an option of tables keys', {
          field: 'column',
        });
      }
      await tablesCommand(input, published, flags, io.stdout, io.stderr);
    });

  cli
    .command('split')
    .description(
      'split the rows of a CSV at random in two: one part to release, the rest as the control set of evaluate',
    )
    .argument('<input.csv>', 'the data (never overwritten)')
    .option('-o, --output <part.csv>', 'the part (round(fraction × rows) rows)')
    .option('--rest <rest.csv>', 'the other rows')
    .option('--fraction <f>', 'the share of rows in the part (0.5 or 50%; default 0.5)')
    .option('--seed <s>', 'a reproducible split (default: the secure generator)')
    .option('--delimiter <d>', 'input separator: , ; | tab (default: detected)')
    .action(async (input: string, flags: SplitFlags) => {
      await splitCommand(input, flags, io.stderr);
    });

  cli
    .command('inspect')
    .description(
      'show the inferred schema and the re-identification risk of chosen quasi-identifiers',
    )
    .argument('<input.csv>', 'the data')
    .option('--qi <columns>', 'quasi-identifiers, comma-separated')
    .option('--delimiter <d>', 'input separator: , ; | tab (default: detected)')
    .option('--decimal <mark>', 'input decimal mark: . , or auto')
    .option('--missing <tokens>', 'comma-separated missing-value tokens')
    .option('--json', 'print JSON instead of text')
    .action(async (input: string, flags: InspectFlags) => {
      await inspectCommand(input, flags, io.stdout, io.stderr);
    });

  cli
    .command('bench')
    .description(
      'run every method over real data and a parameter grid, measure utility, risk, time, memory and energy, and write a report',
    )
    .option('--datasets <names>', 'datasets, comma-separated (default: adult)')
    .option(
      '--methods <names>',
      'only these methods or families, comma-separated (optimal, mondrian, pram, swap, dp-table, dp-aggregates, independent, copula, cart, privbayes, mst; generalisation, perturbation, dp, synthesis); the original always runs',
    )
    .option(
      '--grid <file.json>',
      'a grid file (sections generalisation, dp, synthesis; see the README)',
    )
    .option('--quick', 'the quick grid (under a minute): fewer parameters, quick evaluation')
    .option('--repeat <n>', 'runs of each configuration (default 1)')
    .option(
      '--out <folder>',
      'results.json, report.md, report.html and runs.jsonl (default out/bench)',
    )
    .option(
      '--seed <s>',
      'seed of the split, the noise, the sampling and the evaluation (default 1)',
    )
    .option('--watts-per-core <W>', 'power of a busy core for the energy estimate (default 10)')
    .option(
      '--grid-intensity <g>',
      'carbon intensity of electricity in gCO2eq/kWh (default 32: France, RTE 2023)',
    )
    .option(
      '--cards',
      "write the default grid's figures into the method cards (methods/**/README.md)",
    )
    .action(async (flags: BenchFlags) => {
      await benchCommand(flags, io.stdout, io.stderr);
    });

  cli
    .command('methods')
    .description('list the method cards, or print one')
    .argument(
      '[name]',
      'a card: its folder under methods/ (generalisation/mondrian) or its last part',
    )
    .action(async (name: string | undefined) => {
      await methodsCommand(name, io.stdout);
    });
  return cli;
}

/**
 * An option that needs a value followed by another option (`--k --qi age`) would take the option as
 * its value, and the error that follows names something else: say what is missing instead.
 */
function checkOptionValues(cli: Command, argv: readonly string[]): void {
  const command = cli.commands.find(
    (c) => c.name() === argv[0] || c.aliases().includes(argv[0] ?? ''),
  );
  if (command === undefined) return;
  const needsValue = new Set(
    command.options.filter((o) => o.required).flatMap((o) => [o.long, o.short]),
  );
  argv.forEach((token, i) => {
    const next = argv[i + 1];
    if (needsValue.has(token) && (next === undefined || /^--?[A-Za-z]/.test(next))) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        next === undefined
          ? `option ${token} needs a value`
          : `option ${token} needs a value, got the option ${next}`,
        { field: token.replace(/^-+/, '') },
      );
    }
  });
}

/**
 * The spellings other tools use, accepted for ours: `--input <file>` for the positional input and
 * `--out <file>` for `--output` (as in `anonymise --input b24a.csv --out out.csv`, case B24), in
 * every command but `bench`, whose `--out` is its folder. Tokens after `--` are left alone.
 *
 * @example normaliseArgv(['anonymise', '--input', 'a.csv', '--out=o.csv']) // => ['anonymise', 'a.csv', '--output=o.csv']
 */
export function normaliseArgv(argv: readonly string[]): string[] {
  if (argv[0] === 'bench') return [...argv];
  const out: string[] = [];
  let options = true;
  for (const token of argv) {
    if (token === '--') options = false;
    if (options && token === '--input') continue;
    if (options && token.startsWith('--input=')) out.push(token.slice('--input='.length));
    else if (options && token === '--out') out.push('--output');
    else if (options && token.startsWith('--out=')) out.push(`--output=${token.slice(6)}`);
    else out.push(token);
  }
  return out;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function run(
  argv: readonly string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void } = {
    stdout: (s) => process.stdout.write(s + '\n'),
    stderr: (s) => process.stderr.write(s + '\n'),
  },
): Promise<number> {
  const cli = program(io);
  argv = normaliseArgv(argv);
  const debug = argv.includes('--debug');
  try {
    checkOptionValues(cli, argv);
    await cli.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; usage errors are bad parameters.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isDatanonymeError(e)) {
      io.stderr(`datanonyme: error: ${e.message}`);
      return 2;
    }
    io.stderr(`datanonyme: internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (debug && e instanceof Error && e.stack !== undefined) io.stderr(e.stack);
    else io.stderr('(this is a bug; run again with --debug for the stack)');
    return 1;
  }
}

/** True when this module is the program node was started with (directly or through a bin link). */
function isEntryPoint(): boolean {
  const invoked = process.argv[1];
  if (invoked === undefined) return false;
  try {
    return realpathSync(invoked) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const code = await run(process.argv.slice(2));
  process.exitCode = code;
}
