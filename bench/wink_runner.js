'use strict';
// citebot bench's second baseline: wink-bm25-text-search over the passages
// that citebot and plain Bleve index, as one process.
//
//   node wink_runner.js PASSAGES.jsonl TOP < QUESTIONS
//
// PASSAGES.jsonl holds one {"id", "title", "heading", "text"} object a line.
// Every line of standard input is a question; for each, one line of output
// is a JSON array of the ids of the TOP best passages, best first.
// The text preparation is wink-nlp-utils' usual pipe for wink-bm25: lower
// case, tokenize, drop stop words, stem, mark negated words.

const fs = require('fs');
const readline = require('readline');
const bm25 = require('wink-bm25-text-search');
const utils = require('wink-nlp-utils');

function main(argv) {
  if (argv.length < 1) {
    process.stderr.write('usage: node wink_runner.js PASSAGES.jsonl [TOP] < QUESTIONS\n');
    process.exit(2);
  }
  const top = argv.length > 1 ? Number.parseInt(argv[1], 10) : 10;
  if (!(top > 0)) {
    process.stderr.write('wink runner: TOP must be a positive number\n');
    process.exit(2);
  }

  const engine = bm25();
  // title, heading and text count alike, as in plain Bleve's _all field.
  engine.defineConfig({ fldWeights: { title: 1, heading: 1, body: 1 } });
  engine.definePrepTasks([
    utils.string.lowerCase,
    utils.string.tokenize0,
    utils.tokens.removeWords,
    utils.tokens.stem,
    utils.tokens.propagateNegations,
  ]);

  let added = 0;
  for (const line of fs.readFileSync(argv[0], 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const p = JSON.parse(line);
    engine.addDoc({ title: p.title || '', heading: p.heading || '', body: p.text || '' }, p.id);
    added += 1;
  }
  engine.consolidate();
  process.stderr.write('wink runner: indexed ' + added + ' passages\n');

  // Answers are written in blocks: one write per question is slow on a pipe.
  let pending = [];
  const flush = () => {
    if (pending.length > 0) {
      process.stdout.write(pending.join('\n') + '\n');
      pending = [];
    }
  };
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (question) => {
    const ids = engine.search(question, top).map((hit) => hit[0]);
    pending.push(JSON.stringify(ids));
    if (pending.length >= 256) flush();
  });
  rl.on('close', flush);
}

main(process.argv.slice(2));
