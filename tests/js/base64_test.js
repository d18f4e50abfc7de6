// atob() and btoa() (runtime-js/api/07_base64.js), checked against the HTML standard's
// forgiving-base64 rules and Workers' error messages. Run by `edged test`: every export
// `{ async test() {} }` is a test case.

function assertEqual(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    throw new Error(`${message ? `${message}: ` : ''}expected ${JSON.stringify(expected)}, ` +
      `got ${JSON.stringify(actual)}`);
  }
}
const kAtobMessage = "atob() called with invalid base64-encoded data. (Only whitespace, '+', " +
  "'/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is " +
  'divisible by 4 are allowed.)';
function assertInvalidCharacter(fn, message) {
  try {
    fn();
  } catch (err) {
    assertEqual(err instanceof DOMException, true, 'a DOMException');
    assertEqual(err.name, 'InvalidCharacterError');
    assertEqual(err.code, 5);
    assertEqual(err.message, message);
    return;
  }
  throw new Error('expected InvalidCharacterError');
}

export const btoaEncodes = {
  async test() {
    assertEqual(btoa(''), '');
    assertEqual(btoa('f'), 'Zg==');
    assertEqual(btoa('fo'), 'Zm8=');
    assertEqual(btoa('foo'), 'Zm9v');
    assertEqual(btoa('foobar'), 'Zm9vYmFy');
    assertEqual(btoa('\u00ff\u00fe\u0000'), '//4A');
    assertEqual(btoa(undefined), 'dW5kZWZpbmVk');
    assertEqual(btoa(null), 'bnVsbA==');
    assertEqual(btoa(12), 'MTI=');
  },
};

export const btoaRejectsNonLatin1 = {
  async test() {
    assertInvalidCharacter(() => btoa('\u0100'),
      'btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range.');
    assertInvalidCharacter(() => btoa('ok\u{1F600}'),
      'btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range.');
  },
};

export const atobDecodes = {
  async test() {
    assertEqual(atob(''), '');
    assertEqual(atob('Zg=='), 'f');
    assertEqual(atob('Zg'), 'f');
    assertEqual(atob('Zm8='), 'fo');
    assertEqual(atob('Zm9v'), 'foo');
    assertEqual(atob('//4A'), '\u00ff\u00fe\u0000');
    assertEqual(atob(' Zm9v\tYm\nFy\f\r '), 'foobar', 'ASCII whitespace is ignored');
    assertEqual(atob('Zm9vYg = ='), 'foob');
    assertEqual(atob(null), '\u009e\u00e9e', '"null" is valid base64');
    const all = [];
    for (let i = 0; i < 256; i++) all.push(String.fromCharCode(i));
    assertEqual(atob(btoa(all.join(''))), all.join(''));
  },
};

export const atobRejects = {
  async test() {
    for (const bad of ['a', 'abcde', 'ab=c', 'a===', '=', '==', 'ab*c', 'Zm9v\u00a0', 'ab==c',
      'abc==', 'Zg===', 'Zg=', undefined, 'é']) {
      assertInvalidCharacter(() => atob(bad), kAtobMessage);
    }
  },
};

export const globalsAreWebIdl = {
  async test() {
    const desc = Object.getOwnPropertyDescriptor(globalThis, 'atob');
    assertEqual(desc.enumerable, false);
    assertEqual(desc.writable, true);
    assertEqual(desc.configurable, true);
    assertEqual(atob.length, 1);
    assertEqual(btoa.name, 'btoa');
  },
};
