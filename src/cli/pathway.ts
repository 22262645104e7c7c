/**
 * npm run --silent pathway -- preterm --rules <BAPM-AO|PERIPrem-2022|NNAP-2021|NNAP-2022+|MatNeoSIP-2023|NICE-QS135|SPSP-Scotland>
 * npm run --silent pathway -- smoking --rules NICE-NG209
 * Reads a JSON array of cases on stdin; writes a JSON array of results (same order) on stdout. Exit 0 when every
 * case was evaluated, 2 when any was invalid (it becomes { "error": "<field>: <reason>" }) or the input or the
 * options were wrong.
 */
import {
  PRETERM_RULE_SET_IDS,
  SMOKING_RULE_SET_IDS,
  evaluatePretermCase,
  evaluateSmokingCase,
} from '../pathways';
import { failUsage, optionValue, readJsonArrayFromStdin, runCommand, writeResults } from './cli-io';

const PATHWAYS = {
  preterm: { ruleSets: PRETERM_RULE_SET_IDS, evaluate: evaluatePretermCase },
  smoking: { ruleSets: SMOKING_RULE_SET_IDS as readonly string[], evaluate: evaluateSmokingCase },
} as const;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const name = args[0];
  if (name !== 'preterm' && name !== 'smoking')
    return failUsage('pathway: the first argument must be preterm or smoking');
  const pathway = PATHWAYS[name];
  const rules = optionValue(args, '--rules');
  if (!rules || !pathway.ruleSets.includes(rules))
    return failUsage(`pathway: --rules must be one of ${pathway.ruleSets.join(', ')}`);
  const input = await readJsonArrayFromStdin('cases');
  if (!input.ok) return failUsage(`pathway: ${input.error}`);
  const results = input.items.map((item) => pathway.evaluate(rules, item));
  return writeResults(results);
}

runCommand('pathway', main);
