// The code examples of the documents users bring (../shared/seeds, beside the repository), taken
// verbatim so the tests run them unchanged.
import { readFileSync } from 'node:fs';

const seedsDir = new URL('../../../../shared/seeds/', import.meta.url);

// The first code block (fenced, or a <code> element) after the line `heading` in seed document
// `file`.
export function seedBlock(file, heading) {
  const text = readFileSync(new URL(file, seedsDir), 'utf8');
  const at = text.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`${file}: no heading "${heading}"`);
  const match = /```[a-z]*\n([\s\S]*?)```|<code[^>]*>\n([\s\S]*?)<\/code>/.exec(text.slice(at));
  if (match === null) throw new Error(`${file}: no code block after "${heading}"`);
  return match[1] ?? match[2];
}
