// node:punycode (runtime-js/api/79_node_punycode.js): RFC 3492 and punycode.js's domain helpers.
// compatibility_flags: enable_nodejs_punycode_module
import punycode, { decode, encode, toASCII, toUnicode, ucs2, version } from 'node:punycode';
import assert from 'node:assert/strict';

// RFC 3492 §7.1 sample strings: (A) … (S), Unicode and Punycode (the RFC's mixed case kept
// where the decoder must accept it).
const kSamples = [
  ['\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F', 'egbpdaj6bu4bxfgehfvwxn'],
  ['\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587', 'ihqwcrb4cv8a8dqg056pqjye'],
  ['\u4ED6\u5011\u7232\u4EC0\u9EBD\u4E0D\u8AAA\u4E2D\u6587', 'ihqwctvzc91f659drss3x8bo0yb'],
  ['\u0050\u0072\u006F\u010D\u0070\u0072\u006F\u0073\u0074\u011B\u006E\u0065\u006D\u006C\u0075\u0076\u00ED\u010D\u0065\u0073\u006B\u0079', 'Proprostnemluvesky-uyb24dma41a'],
  ['\u05DC\u05DE\u05D4\u05D4\u05DD\u05E4\u05E9\u05D5\u05D8\u05DC\u05D0\u05DE\u05D3\u05D1\u05E8\u05D9\u05DD\u05E2\u05D1\u05E8\u05D9\u05EA', '4dbcagdahymbxekheh6e0a7fei0b'],
  ['\u092F\u0939\u0932\u094B\u0917\u0939\u093F\u0928\u094D\u0926\u0940\u0915\u094D\u092F\u094B\u0902\u0928\u0939\u0940\u0902\u092C\u094B\u0932\u0938\u0915\u0924\u0947\u0939\u0948\u0902', 'i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd'],
  ['\u306A\u305C\u307F\u3093\u306A\u65E5\u672C\u8A9E\u3092\u8A71\u3057\u3066\u304F\u308C\u306A\u3044\u306E\u304B', 'n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa'],
  ['\uC138\uACC4\uC758\uBAA8\uB4E0\uC0AC\uB78C\uB4E4\uC774\uD55C\uAD6D\uC5B4\uB97C\uC774\uD574\uD55C\uB2E4\uBA74\uC5BC\uB9C8\uB098\uC88B\uC744\uAE4C', '989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c'],
  ['\u043F\u043E\u0447\u0435\u043C\u0443\u0436\u0435\u043E\u043D\u0438\u043D\u0435\u0433\u043E\u0432\u043E\u0440\u044F\u0442\u043F\u043E\u0440\u0443\u0441\u0441\u043A\u0438', 'b1abfaaepdrnnbgefbadotcwatmq2g4l'],
  ['\u0050\u006F\u0072\u0071\u0075\u00E9\u006E\u006F\u0070\u0075\u0065\u0064\u0065\u006E\u0073\u0069\u006D\u0070\u006C\u0065\u006D\u0065\u006E\u0074\u0065\u0068\u0061\u0062\u006C\u0061\u0072\u0065\u006E\u0045\u0073\u0070\u0061\u00F1\u006F\u006C', 'PorqunopuedensimplementehablarenEspaol-fmd56a'],
  ['\u0054\u1EA1\u0069\u0073\u0061\u006F\u0068\u1ECD\u006B\u0068\u00F4\u006E\u0067\u0074\u0068\u1EC3\u0063\u0068\u1EC9\u006E\u00F3\u0069\u0074\u0069\u1EBF\u006E\u0067\u0056\u0069\u1EC7\u0074', 'TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g'],
  ['\u0033\u5E74\u0042\u7D44\u91D1\u516B\u5148\u751F', '3B-ww4c5e180e575a65lsy2b'],
  ['\u5B89\u5BA4\u5948\u7F8E\u6075\u002D\u0077\u0069\u0074\u0068\u002D\u0053\u0055\u0050\u0045\u0052\u002D\u004D\u004F\u004E\u004B\u0045\u0059\u0053', '-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n'],
  ['\u0048\u0065\u006C\u006C\u006F\u002D\u0041\u006E\u006F\u0074\u0068\u0065\u0072\u002D\u0057\u0061\u0079\u002D\u305D\u308C\u305E\u308C\u306E\u5834\u6240', 'Hello-Another-Way--fc4qua05auwb3674vfr0b'],
  ['\u3072\u3068\u3064\u5C4B\u6839\u306E\u4E0B\u0032', '2-u9tlzr9756bt3uc0v'],
  ['\u004D\u0061\u006A\u0069\u3067\u004B\u006F\u0069\u3059\u308B\u0035\u79D2\u524D', 'MajiKoi5-783gue6qz075azm5e'],
  ['\u30D1\u30D5\u30A3\u30FC\u0064\u0065\u30EB\u30F3\u30D0', 'de-jg4avhby1noc0d'],
  ['\u305D\u306E\u30B9\u30D4\u30FC\u30C9\u3067', 'd9juau41awczczp'],
  ['\u002D\u003E\u0020\u0024\u0031\u002E\u0030\u0030\u0020\u003C\u002D', '-> $1.00 <--'],
];

export const rfc3492Samples = {
  test() {
    for (const [unicode, ascii] of kSamples) {
      assert.equal(encode(unicode), ascii, unicode);
      assert.equal(decode(ascii), unicode, ascii);
    }
  },
};

export const digitsDecodeInEitherCase = {
  test() {
    const [unicode] = kSamples[9];
    assert.equal(decode('PorqunopuedensimplementehablarenEspaol-FMD56A'), unicode);
  },
};

export const domains = {
  test() {
    // Node's documentation examples.
    assert.equal(encode('mañana'), 'maana-pta');
    assert.equal(encode('☃-⌘'), '--dqo34k');
    assert.equal(decode('maana-pta'), 'mañana');
    assert.equal(decode('--dqo34k'), '☃-⌘');
    assert.equal(toASCII('mañana.com'), 'xn--maana-pta.com');
    assert.equal(toASCII('☃-⌘.com'), 'xn----dqo34k.com');
    assert.equal(toASCII('example.com'), 'example.com');
    assert.equal(toUnicode('xn--maana-pta.com'), 'mañana.com');
    assert.equal(toUnicode('xn----dqo34k.com'), '☃-⌘.com');
    assert.equal(toUnicode('example.com'), 'example.com');
    // An email keeps its local part; the IDNA dots separate labels.
    assert.equal(toASCII('a@b\u2603.com'), 'a@xn--b-1xp.com');
    assert.equal(toASCII('foo\u3002bar'), 'foo.bar');
    assert.equal(toUnicode('XN--MAANA-PTA.com'), 'XN--MAANA-PTA.com');
  },
};

export const ucs2AndVersion = {
  test() {
    assert.equal(version, '2.1.0');
    assert.equal(punycode.version, '2.1.0');
    assert.deepEqual(ucs2.decode('\uD834\uDF06'), [0x1D306]);
    assert.deepEqual(ucs2.decode('\uD800x'), [0xD800, 0x78]);
    assert.equal(ucs2.encode([0x1D306, 0x61]), '\uD834\uDF06a');
    assert.equal(encode(5), '');
  },
};

export const badInput = {
  test() {
    assert.throws(() => decode('\x81'), { name: 'RangeError', message: 'Invalid input' });
    assert.throws(() => decode('ab\u00e9-x'),
      { name: 'RangeError', message: 'Illegal input >= 0x80 (not a basic code point)' });
    assert.throws(() => decode('a-9999999999'),
      { name: 'RangeError', message: 'Overflow: input needs wider integers to process' });
    assert.equal(decode('ZZZ'), '\u7BA5');
    // A long input stays within the stack.
    const long = 'é'.repeat(20000);
    assert.equal(decode(encode(long)), long);
  },
};
