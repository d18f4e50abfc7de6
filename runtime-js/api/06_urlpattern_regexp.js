'use strict';
// URLPattern compiles its regular expressions with the 'v' flag (ES2024 "unicode sets";
// https://urlpattern.spec.whatwg.org/#compile-a-component), which V8 10.2 does not have. This
// file rewrites a 'v'-mode pattern into an equivalent 'u'-mode one. The two modes differ only
// inside character classes, so everything outside them is copied as is; each class is parsed
// with the 'v' grammar (https://tc39.es/ecma262/#prod-ClassSetExpression) and written back as:
//   [a-z\d]         [a-z\d]             a union of characters, ranges and class escapes
//   [A&&B&&C]       (?:(?=B)(?=C)A)     intersection: lookaheads, then one operand
//   [A--B--C]       (?:(?!B)(?!C)A)     subtraction
//   [x[a-z]\q{ab}]  (?:ab|[a-z]|[x])    nested classes and strings as alternatives, longest
//                                       strings first, as 'v' matches them
//   [^X]            (?:(?!X)[^])        when X is not a plain union
// A class the 'v' grammar rejects (an unescaped "(" or "-" inside, say) is rejected here too,
// as workerd rejects it. What stays different: case-insensitive matching of a complemented
// class, which 'v' folds before complementing.

const {
  ArrayPrototypeJoin, ArrayPrototypeSort, NumberPrototypeToString, RegExpPrototypeExec,
  StringPrototypeCharCodeAt, StringPrototypeSlice, SyntaxError: SyntaxErrorCtor,
} = primordials;

// ClassSetSyntaxCharacter: never literal inside a 'v' class.
const kClassSetSyntax = '()[]{}/-\\|';
// ClassSetReservedPunctuator: may be escaped inside a 'v' class ("\&"), not in a 'u' one.
const kReservedPunctuator = '&-!#%,:;<=>@`~';
// ClassSetReservedDoublePunctuator: any of these doubled ("&&", "!!") is reserved syntax.
const kDoublePunctuator = '&!#$%*+,.:;<=>?@^`~';
// Escapes a 'u' class keeps as they are: control escapes, \b (backspace in a class),
// SyntaxCharacter, "/" and "-".
const kKeptEscapes = 'fnrtvb^$\\.*+?()[]{}|/-';
const kClassEscapes = 'dDsSwW';
const kLetter = /^[A-Za-z]$/;

const includes = (set, c) => {
  for (let i = 0; i < set.length; i++) {
    if (set[i] === c) return true;
  }
  return false;
};
// "\x26" for "&".
const hexEscape = (c) => {
  const hex = NumberPrototypeToString(StringPrototypeCharCodeAt(c, 0) + 0x100, 16);
  return `\\x${StringPrototypeSlice(hex, 1)}`;
};
// A class character's text as it reads outside a class, where "\b" is a word boundary and
// "\-" is not allowed.
const outsideClass = (text) => (text === '\\b' ? '\\x08' : text === '\\-' ? '\\x2d' : text);

const invalid = () => {
  throw new SyntaxErrorCtor('Invalid regular expression: invalid character class');
};

// Returns the 'u'-mode equivalent of `source`, a 'v'-mode pattern. Throws SyntaxError on 'v'
// syntax errors inside classes; the rest is left for the RegExp constructor to check.
function unicodeSetsToUnicode(source) {
  const len = source.length;
  let i = 0;

  // One ClassSetCharacter, as text a 'u' class accepts.
  const classSetCharacter = () => {
    const c = source[i];
    if (c === undefined) invalid();
    if (c !== '\\') {
      if (includes(kClassSetSyntax, c)) invalid();
      if (includes(kDoublePunctuator, c) && source[i + 1] === c) invalid();
      i++;
      return c === '^' ? '\\^' : c;
    }
    const e = source[i + 1];
    if (e === undefined) invalid();
    const start = i;
    i += 2;
    if (includes(kKeptEscapes, e)) return `\\${e}`;
    if (includes(kReservedPunctuator, e)) return hexEscape(e);
    if (e === '0' && !(source[i] >= '0' && source[i] <= '9')) return '\\0';
    if (e === 'c' && RegExpPrototypeExec(kLetter, source[i] ?? '') !== null) {
      i++;
    } else if (e === 'x') {
      i += 2;
    } else if (e === 'u' && source[i] === '{') {
      while (i < len && source[i] !== '}') i++;
      i++;
    } else if (e === 'u') {
      i += 4;
    } else {
      invalid();
    }
    if (i > len) invalid();
    return StringPrototypeSlice(source, start, i);
  };

  // A ClassSetOperand (or, if `allowRange`, a ClassSetRange): { member } for text that goes
  // inside a 'u' class, { atom } for a group matching one element, { strings } for \q{...}
  // (each string a list of class character texts).
  const operand = (allowRange) => {
    const c = source[i];
    const e = source[i + 1];
    if (c === '[') {
      i++;
      return { atom: classContents() };
    }
    if (c === '\\' && includes(kClassEscapes, e)) {
      i += 2;
      return { member: `\\${e}` };
    }
    if (c === '\\' && (e === 'p' || e === 'P')) {
      const start = i;
      while (i < len && source[i] !== '}') i++;
      if (i === len) invalid();
      i++;
      return { member: StringPrototypeSlice(source, start, i) };
    }
    if (c === '\\' && e === 'q' && source[i + 2] === '{') {
      i += 3;
      const strings = [[]];
      while (source[i] !== '}') {
        if (i >= len) invalid();
        if (source[i] === '|') {
          strings[strings.length] = [];
          i++;
        } else {
          const string = strings[strings.length - 1];
          string[string.length] = classSetCharacter();
        }
      }
      i++;
      return { strings };
    }
    const first = classSetCharacter();
    if (allowRange && source[i] === '-' && source[i + 1] !== '-') {
      i++;
      return { member: `${first}-${classSetCharacter()}`, range: true };
    }
    return { member: first };
  };

  // The text after "[" up to and including "]", as a 'u' pattern matching one element.
  const classContents = () => {
    const negated = source[i] === '^';
    if (negated) i++;
    const operands = [];
    if (source[i] !== ']') operands[0] = operand(true);
    const operator = StringPrototypeSlice(source, i, i + 2);
    if (operator === '&&' || operator === '--') {
      if (operands[0].range) invalid();
      while (source[i] !== ']') {
        if (StringPrototypeSlice(source, i, i + 2) !== operator) invalid();
        if (operator === '&&' && source[i + 2] === '&') invalid();
        i += 2;
        operands[operands.length] = operand(false);
      }
      i++;
      const look = operator === '&&' ? '(?=' : '(?!';
      let text = '(?:';
      for (let k = 1; k < operands.length; k++) text += `${look}${asAtom(operands[k])})`;
      text += `${asAtom(operands[0])})`;
      return negated ? complement(text) : text;
    }
    while (source[i] !== ']') {
      if (i >= len) invalid();
      const next = StringPrototypeSlice(source, i, i + 2);
      if (next === '&&' || next === '--') invalid();
      operands[operands.length] = operand(true);
    }
    i++;
    return union(operands, negated);
  };

  let out = '';
  while (i < len) {
    const c = source[i];
    if (c === '\\') {
      out += StringPrototypeSlice(source, i, i + 2);
      i += 2;
    } else if (c === '[') {
      i++;
      out += classContents();
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const asAtom = (operand) => (operand.atom ?? union([operand], false));

const complement = (atom) => `(?:(?!${atom})[^])`;

// A union of operands. 'v' tries strings longest first, then single characters, then the
// empty string.
function union(operands, negated) {
  let members = '';
  const strings = [];
  const atoms = [];
  let hasEmptyString = false;
  for (let k = 0; k < operands.length; k++) {
    const op = operands[k];
    if (op.member !== undefined) {
      members += op.member;
    } else if (op.atom !== undefined) {
      atoms[atoms.length] = op.atom;
    } else {
      for (let s = 0; s < op.strings.length; s++) {
        const string = op.strings[s];
        if (string.length === 0) {
          hasEmptyString = true;
        } else if (string.length === 1) {
          members += string[0];  // a one-character string is a character
        } else {
          let text = '';
          for (let j = 0; j < string.length; j++) text += outsideClass(string[j]);
          strings[strings.length] = { text, length: string.length };
        }
      }
    }
  }
  if (atoms.length === 0 && strings.length === 0 && !hasEmptyString) {
    return negated ? `[^${members}]` : `[${members}]`;
  }
  if (negated && (strings.length > 0 || hasEmptyString)) invalid();  // no strings in a complement
  ArrayPrototypeSort(strings, (a, b) => b.length - a.length);
  const alternatives = [];
  for (let k = 0; k < strings.length; k++) alternatives[alternatives.length] = strings[k].text;
  for (let k = 0; k < atoms.length; k++) alternatives[alternatives.length] = atoms[k];
  if (members !== '') alternatives[alternatives.length] = `[${members}]`;
  if (hasEmptyString) alternatives[alternatives.length] = '';
  const text = `(?:${ArrayPrototypeJoin(alternatives, '|')})`;
  return negated ? complement(text) : text;
}

internals.unicodeSetsToUnicode = unicodeSetsToUnicode;
