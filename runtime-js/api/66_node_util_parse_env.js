'use strict';
// node:util's parseEnv: the text of a .env file as an object, one KEY=value a line. Follows what
// workerd answers for each case (tests/js/node_util_test.js): `#` starts a comment outside
// quotes, `export ` before a key is dropped, a value in '', "" or `` may span lines and only ""
// turns `\n` into a newline, a quote left open stands for the rest of its line, the last of
// repeated keys wins, a line without `=` is skipped.

const {
  StringPrototypeReplace, StringPrototypeIndexOf, StringPrototypeSlice, StringPrototypeStartsWith,
  StringPrototypeIncludes,
} = primordials;

const kBlanks = /^[ \t]+|[ \t]+$/g;
const trim = (text) => StringPrototypeReplace(text, kBlanks, '');
const kQuotes = '"\'`';
const isQuote = (c) => c !== undefined && StringPrototypeIncludes(kQuotes, c);

// The end of the line that `from` is on (the index of its '\n', or the text's length).
function lineEnd(text, from) {
  const newline = StringPrototypeIndexOf(text, '\n', from);
  return newline === -1 ? text.length : newline;
}

function parseEnv(content) {
  internals.validateString(content, 'content');
  const text = StringPrototypeReplace(content, /\r/g, '');
  const result = {};
  let position = 0;
  while (position < text.length) {
    const end = lineEnd(text, position);
    let lineStart = position;
    while (text[lineStart] === ' ' || text[lineStart] === '\t') lineStart++;
    const line = trim(StringPrototypeSlice(text, lineStart, end));
    const equals = StringPrototypeIndexOf(line, '=');
    if (line === '' || line[0] === '#' || equals === -1) {
      position = end + 1;
      continue;
    }
    let key = trim(StringPrototypeSlice(line, 0, equals));
    if (StringPrototypeStartsWith(key, 'export ')) key = trim(StringPrototypeSlice(key, 7));
    // The value starts after '=' in the original text: a quoted one may run past this line.
    let start = lineStart + equals + 1;
    while (text[start] === ' ' || text[start] === '\t') start++;
    let value;
    const quote = text[start];
    const closing = start < end && isQuote(quote) ? StringPrototypeIndexOf(text, quote, start + 1) : -1;
    if (closing !== -1) {
      value = StringPrototypeSlice(text, start + 1, closing);
      if (quote === '"') value = StringPrototypeReplace(value, /\\n/g, '\n');
      position = lineEnd(text, closing) + 1;
    } else {
      value = trim(StringPrototypeSlice(text, start, end));
      if (isQuote(value[0]) && value.length > 1) {
        value = StringPrototypeSlice(value, 1);
      } else {
        const hash = StringPrototypeIndexOf(value, '#');
        if (hash !== -1) value = trim(StringPrototypeSlice(value, 0, hash));
      }
      position = end + 1;
    }
    if (key !== '' && key !== '__proto__') result[key] = value;
  }
  return result;
}

internals.nodeParseEnv = parseEnv;
