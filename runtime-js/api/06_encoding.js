'use strict';
// TextEncoder and TextDecoder (Encoding Standard §7) as Workers has them (workerd
// api/encoding.{h,c++}). UTF-8 bytes are produced and consumed by native ops; this file owns
// labels, BOM handling and streaming (the bytes of an incomplete sequence wait for the next call).
//
// Decoders here: utf-8, utf-16le, utf-16be, windows-1252 and the other single-byte legacy
// encodings. Quirks kept on purpose:
// - "windows-1252" and its labels (latin1, ascii, iso-8859-1, ...) decode as ISO-8859-1: byte
//   0xNN becomes U+00NN, as workerd's fast path does, not the WHATWG windows-1252 table;
// - the other single-byte encodings use the tables of ICU's converters (workerd decodes them
//   with ICU), which differ from the WHATWG indexes in places (ibm866 low half, C1 bytes of
//   windows-125x); "ibm866" reports its encoding as "ibm-866" as workerd does;
// - an unknown label, "replacement" or "x-user-defined" → RangeError `"<label>" is not a valid
//   encoding.`; a fatal decoding error → TypeError "Failed to decode input.".
// iso-8859-16 (absent from ICU, so from workerd too) and the multi-byte CJK encodings (gbk,
// gb18030, big5, euc-jp, iso-2022-jp, shift_jis, euc-kr) are recognised but not decoded:
// RangeError "Invalid or unsupported encoding".

const {
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  NumberParseInt,
  ObjectDefineProperty,
  ObjectKeys,
  ReflectApply,
  RegExpPrototypeExec,
  SafeMap,
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  StringPrototypeSplit,
  SymbolToStringTag,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
  Uint8Array: Uint8ArrayCtor,
} = primordials;
const { makeTypeError, makeRangeError, webidl } = internals;
const toDOMString = webidl.converters.DOMString;

const illegalInvocation = () => makeTypeError('Illegal invocation');
const decodeFailed = () => makeTypeError('Failed to decode input.');

// Encoding Standard §4.2 "get an encoding": label → name. Every label of the standard is here
// so a known-but-unimplemented encoding gets a different error from a typo.
const kSupported = new SafeMap();
const kLabels = new SafeMap();
const addLabels = (name, labels) => {
  for (let i = 0; i < labels.length; i++) kLabels.set(labels[i], name);
};
addLabels('utf-8', ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8',
  'x-unicode20utf8']);
addLabels('utf-16le', ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff',
  'utf-16', 'utf-16le']);
addLabels('utf-16be', ['unicodefffe', 'utf-16be']);
addLabels('windows-1252', ['ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819',
  'iso-8859-1', 'iso-ir-100', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1',
  'latin1', 'us-ascii', 'windows-1252', 'x-cp1252']);
for (const name of ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']) kSupported.set(name, true);
addLabels('ibm866', ['866', 'cp866', 'csibm866', 'ibm866']);
addLabels('iso-8859-2', ['csisolatin2', 'iso-8859-2', 'iso-ir-101', 'iso8859-2', 'iso88592',
  'iso_8859-2', 'iso_8859-2:1987', 'l2', 'latin2']);
addLabels('iso-8859-3', ['csisolatin3', 'iso-8859-3', 'iso-ir-109', 'iso8859-3', 'iso88593',
  'iso_8859-3', 'iso_8859-3:1988', 'l3', 'latin3']);
addLabels('iso-8859-4', ['csisolatin4', 'iso-8859-4', 'iso-ir-110', 'iso8859-4', 'iso88594',
  'iso_8859-4', 'iso_8859-4:1988', 'l4', 'latin4']);
addLabels('iso-8859-5', ['csisolatincyrillic', 'cyrillic', 'iso-8859-5', 'iso-ir-144',
  'iso8859-5', 'iso88595', 'iso_8859-5', 'iso_8859-5:1988']);
addLabels('iso-8859-6', ['arabic', 'asmo-708', 'csiso88596e', 'csiso88596i', 'csisolatinarabic',
  'ecma-114', 'iso-8859-6', 'iso-8859-6-e', 'iso-8859-6-i', 'iso-ir-127', 'iso8859-6',
  'iso88596', 'iso_8859-6', 'iso_8859-6:1987']);
addLabels('iso-8859-7', ['csisolatingreek', 'ecma-118', 'elot_928', 'greek', 'greek8',
  'iso-8859-7', 'iso-ir-126', 'iso8859-7', 'iso88597', 'iso_8859-7', 'iso_8859-7:1987',
  'sun_eu_greek']);
addLabels('iso-8859-8', ['csiso88598e', 'csisolatinhebrew', 'hebrew', 'iso-8859-8',
  'iso-8859-8-e', 'iso-ir-138', 'iso8859-8', 'iso88598', 'iso_8859-8', 'iso_8859-8:1988',
  'visual']);
addLabels('iso-8859-8-i', ['csiso88598i', 'iso-8859-8-i', 'logical']);
addLabels('iso-8859-10', ['csisolatin6', 'iso-8859-10', 'iso-ir-157', 'iso8859-10', 'iso885910',
  'l6', 'latin6']);
addLabels('iso-8859-13', ['iso-8859-13', 'iso8859-13', 'iso885913']);
addLabels('iso-8859-14', ['iso-8859-14', 'iso8859-14', 'iso885914']);
addLabels('iso-8859-15', ['csisolatin9', 'iso-8859-15', 'iso8859-15', 'iso885915', 'iso_8859-15',
  'l9']);
addLabels('iso-8859-16', ['iso-8859-16']);
addLabels('koi8-r', ['cskoi8r', 'koi', 'koi8', 'koi8-r', 'koi8_r']);
addLabels('koi8-u', ['koi8-ru', 'koi8-u']);
addLabels('macintosh', ['csmacintosh', 'mac', 'macintosh', 'x-mac-roman']);
addLabels('windows-874', ['dos-874', 'iso-8859-11', 'iso8859-11', 'iso885911', 'tis-620',
  'windows-874']);
for (let n = 1250; n <= 1258; n++) {
  if (n !== 1252) addLabels(`windows-${n}`, [`cp${n}`, `windows-${n}`, `x-cp${n}`]);
}
addLabels('windows-1254', ['csisolatin5', 'iso-8859-9', 'iso-ir-148', 'iso8859-9', 'iso88599',
  'iso_8859-9', 'iso_8859-9:1989', 'l5', 'latin5']);
addLabels('x-mac-cyrillic', ['x-mac-cyrillic', 'x-mac-ukrainian']);
addLabels('gbk', ['chinese', 'csgb2312', 'csiso58gb231280', 'gb2312', 'gb_2312', 'gb_2312-80',
  'gbk', 'iso-ir-58', 'x-gbk']);
addLabels('gb18030', ['gb18030']);
addLabels('big5', ['big5', 'big5-hkscs', 'cn-big5', 'csbig5', 'x-x-big5']);
addLabels('euc-jp', ['cseucpkdfmtjapanese', 'euc-jp', 'x-euc-jp']);
addLabels('iso-2022-jp', ['csiso2022jp', 'iso-2022-jp']);
addLabels('shift-jis', ['csshiftjis', 'ms932', 'ms_kanji', 'shift-jis', 'shift_jis', 'sjis',
  'windows-31j', 'x-sjis']);
addLabels('euc-kr', ['cseuckr', 'csksc56011987', 'euc-kr', 'iso-ir-149', 'korean',
  'ks_c_5601-1987', 'ks_c_5601-1989', 'ksc5601', 'ksc_5601', 'windows-949']);

// Upper halves (bytes 0x80-0xFF) of the single-byte encodings, generated from ICU's converters:
// space-separated base-36 code points, `cp+n` meaning cp followed by the next n code points.
// U+FFFD marks a byte with no mapping (an error when fatal).
const kSingleByteTables = {
  'ibm866': 'sw+1b 7f5+2 7b6 7c4 7dt+1 7di 7dh 7dv 7dd 7dj 7dp 7do 7dn 7bk 7bo 7ck 7cc 7bw 7b4 ' +
    '7cs 7dq+1 7dm 7dg 7e1 7dy 7ds 7dc 7e4 7dz+1 7dw+1 7dl 7dk 7de+1 7e3 7e2 7bs 7bg 7ew 7es ' +
    '7f0 7f4 7eo u8+f sh up sk us sn uv su v2 4w 6qh 53 6qi 6ja 4k 7fk 4g',
  'iso-8859-2': '3k+w 78 k8 8x 4k 8t 9m 4n+1 9s 9q 9w ah 4t al aj 4w 79 kb 8y 50 8u 9n jr 54 ' +
    '9t 9r 9x ai kd am ak 9g 5d+1 76 5g 8p 7a 5j 7g 5l 7s 5n 7u 5p+1 7i 7k 8z 93 5v+1 9c 5y+1 ' +
    '9k a6 62 a8 64+1 9u 67 9h 69+1 77 6c 8q 7b 6f 7h 6h 7t 6j 7v 6l+1 7j 7l 90 94 6r+1 9d ' +
    '6u+1 9l a7 6y a9 70+1 9v k9',
  'iso-8859-3': '3k+w 86 k8 4j+1 1ekd 84 4n+1 8g 9q 7y 8k 4t 1ekd aj 4w 87 4y+3 85 53+1 8h 9r ' +
    '7z 8l 59 1ekd ak 5c+2 1ekd 5g 7e 7c 5j+8 1ekd 5t+3 80 5y+1 7w 61+3 a4 9o 67+3 1ekd 6c 7f ' +
    '7d 6f+8 1ekd 6p+3 81 6u+1 7x 6x+3 a5 9p k9',
  'iso-8859-4': '3k+w 78 8o 9i 4k 88 8r 4n+1 9s 7m 82 9y 4t al 4v+1 79 kb 9j 50 89 8s jr 54 9t ' +
    '7n 83 9z 96 am 97 74 5d+5 8e 7g 5l 7s 5n 7q 5p+1 8a 7k 91 98 8m 5w+4 aa 62+2 a0 a2 67 75 ' +
    '69+5 8f 7h 6h 7t 6j 7r 6l+1 8b 7l 92 99 8n 6s+4 ab 6y+2 a1 a3 k9',
  'iso-8859-5': '3k+w sh+b 4t su+1t 6ja up+b 4n v2+1',
  'iso-8859-6': '3k+w 1ekd 1ekd 1ekd 4k 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 170 4t 1ekd 1ekd ' +
    '1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 17f 1ekd 1ekd 1ekd 17j 1ekd 17l+p ' +
    '1ekd 1ekd 1ekd 1ekd 1ekd 18g+i 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd ' +
    '1ekd 1ekd',
  'iso-8859-7': '3k+w 6c8+1 4j 6gc 6gf 4m+3 oq 4r+2 1ekd 6c5 4w+3 p0+2 53 p4+2 57 p8 59 pa+j ' +
    '1ekd pv+17 1ekd',
  'iso-8859-8': '3k+w 1ekd 4i+7 5z 4r+e 6v 57+3 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd ' +
    '1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd ' +
    '1ekd 1ekd 1ekd 1ekd 1ekd 6c7 15c+q 1ekd 1ekd 6by+1 1ekd',
  'iso-8859-8-i': '3k+w 1ekd 4i+7 5z 4r+e 6v 57+3 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd ' +
    '1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd ' +
    '1ekd 1ekd 1ekd 1ekd 1ekd 6c7 15c+q 1ekd 1ekd 6by+1 1ekd',
  'iso-8859-10': '3k+w 78 7m 82 8a 88 8m 4n 8r 7k 9s 9y al 4t a2 96 4w 79 7n 83 8b 89 8n 53 8s ' +
    '7l 9t 9z am 6c5 a3 97 74 5d+5 8e 7g 5l 7s 5n 7q 5p+3 91 98 5v+3 a0 60 aa 62+5 75 69+5 8f ' +
    '7h 6h 7t 6j 7r 6l+3 92 99 6r+3 a1 6w ab 6y+4 8o',
  'iso-8859-13': '3k+w 6cd 4i+2 6ce 4m+1 60 4p 9i 4r+3 5i 4w+3 6cc 51+2 6w 55 9j 57+3 6e 78 8e ' +
    '74 7a 5g+1 7s 7m 7g 5l ah 7q 82 8m 8a 8r 9s 8z 91 5v 98 5x+2 aa 8x 9m a2 64 aj al 67 79 ' +
    '8f 75 7b 6c+1 7t 7n 7h 6h ai 7r 83 8n 8b 8s 9t 90 92 6r 99 6t+2 ab 8y 9n a3 70 ak am 6c9',
  'iso-8859-14': '3k+w 5xe+1 4j 7e+1 5xm 4n 60w 4p 60y 5xn 642 4t+1 ag 5y6+1 80+1 5z4+1 52 5zq ' +
    '60x 5zr 60z 600 643 610+1 601 5c+f ac 5t+5 60a 60+5 ae 67+g ad 6p+5 60b 6w+5 af 73',
  'iso-8859-15': '3k+z 6gc 4l 9s 4n 9t 4p+a al 51+2 am 55+2 9e+1 ag 5b+1s',
  'koi8-r': '7b4 7b6 7bg 7bk 7bo 7bs 7bw 7c4 7cc 7ck 7cs 7eo 7es 7ew 7f0 7f4+3 6xs 7fk 6qh+1 ' +
    '6rs 6sk+1 4g 6xt 4w 4y 53 6v 7dc+2 up 7df+e sh 7du+a 4p um ts+1 ue tw+1 uc tv ud u0+7 un ' +
    'u8+3 ty tu uk uj tz ug ul uh uf ui tq sw+1 ti t0+1 tg sz th t4+7 tr tc+3 t2 sy to tn t3 ' +
    'tk tp tl tj tm',
  'koi8-u': '7b4 7b6 7bg 7bk 7bo 7bs 7bw 7c4 7cc 7ck 7cs 7eo 7es 7ew 7f0 7f4+3 6xs 7fk 6qh+1 ' +
    '6rs 6sk+1 4g 6xt 4w 4y 53 6v 7dc+2 up us 7dg uu+1 7dj+4 wh 7dp+4 sh sk 7dv sm+1 7dy+4 wg ' +
    '7e4 4p um ts+1 ue tw+1 uc tv ud u0+7 un u8+3 ty tu uk uj tz ug ul uh uf ui tq sw+1 ti ' +
    't0+1 tg sz th t4+7 tr tc+3 t2 sy to tn t3 tk tp tl tj tm',
  'macintosh': '5g+1 5j 5l 5t 5y 64 69 68 6a 6c 6b 6d 6f 6h 6g 6i+1 6l 6k 6m+1 6p 6r 6q 6s 6u ' +
    '6t 6y 6x 6z+1 6cg 4w 4i+1 4n 6ci 52 67 4u 4p 6jm 50 4o 6sg 5i 60 6qm 4x 6sk+1 4l 51 6pu ' +
    '6q9 6q7 qo 6qz 4q 56 q1 6e 6w 5b 4h 4s 6qi b6 6rs 6py 4r 57 6cm 4g 5c 5f 5x 9e+1 6c3+1 ' +
    '6cc+1 6c8+1 6v 7gq 73 ag 6dg 6gc 6d5+1 1dkx+1 6ch 53 6ca 6ce 6cw 5e 5m 5d 5n 5k 5p+2 5o ' +
    '5v+1 1d6n 5u 62+1 61 8h jq kc 4v k8+2 54 kd kb jr',
  'windows-874': '6gc 3l+3 6cm 3q+a 6c8+1 6cc+1 6ci 6c3+1 48+8 2rl+1l 1d4x+3 2tb+s 1d51+3',
  'windows-1250': '6gc 3l 6ca 3n 6ce 6cm 6cg+1 3s 6cw 9s 6d5 9m 9w al ah 40 6c8+1 6cc+1 6ci ' +
    '6c3+1 48 6jm 9t 6d6 9n 9x am ai 4g jr k8 8x 4k 78 4m+3 9q 4r+3 aj 4w+1 kb 8y 50+4 79 9r ' +
    '57 8t kd 8u ak 9g 5d+1 76 5g 8p 7a 5j 7g 5l 7s 5n 7u 5p+1 7i 7k 8z 93 5v+1 9c 5y+1 9k a6 ' +
    '62 a8 64+1 9u 67 9h 69+1 77 6c 8q 7b 6f 7h 6h 7t 6j 7v 6l+1 7j 7l 90 94 6r+1 9d 6u+1 9l ' +
    'a7 6y a9 70+1 9v k9',
  'windows-1251': 'si+1 6ca ur 6ce 6cm 6cg+1 6gc 6cw sp 6d5 sq ss sr sv uq 6c8+1 6cc+1 6ci ' +
    '6c3+1 48 6jm ux 6d6 uy v0 uz v3 4g su v2 so 4k wg 4m+1 sh 4p sk 4r+3 sn 4w+1 sm uu wh ' +
    '51+2 up 6ja us 57 uw sl ut uv sw+1r',
  'windows-1253': '6gc 3l 6ca b6 6ce 6cm 6cg+1 3s 6cw 3u 6d5 3w+4 6c8+1 6cc+1 6ci 6c3+1 48 6jm ' +
    '4a 6d6 4c+4 p1+1 4j+b 6c5 4w+3 p0 51+2 p4+2 57 p8 59 pa+j 1ekd pv+17 1ekd',
  'windows-1254': '6gc 3l 6ca b6 6ce 6cm 6cg+1 jq 6cw 9s 6d5 9e 3x+3 6c8+1 6cc+1 6ci 6c3+1 kc ' +
    '6jm 9t 6d6 9f 4d+1 ag 4g+1b 7y 5t+b 8g 9q 67+g 7z 6p+b 8h 9r 73',
  'windows-1255': '6gc 3l 6ca b6 6ce 6cm 6cg+1 jq 6cw 3u 6d5 3w+4 6c8+1 6cc+1 6ci 6c3+1 kc 6jm ' +
    '4a 6d6 4c+7 6ga 4l+4 5z 4r+e 6v 57+4 14g+9 1ekd 14r+8 168+4 1ekd 1ekd 1ekd 1ekd 1ekd 1ekd ' +
    '1ekd 15c+q 1ekd 1ekd 6by+1 1ekd',
  'windows-1256': '6gc 1a6 6ca b6 6ce 6cm 6cg+1 jq 6cw 1a1 6d5 9e 1ae 1aw 1ag 1bj 6c8+1 6cc+1 ' +
    '6ci 6c3+1 1bd 6jm 1ap 6d6 9f 6bw+1 1bu 4g 170 4i+7 1by 4r+e 17f 57+3 17j 1c1 17l+l 5z ' +
    '187+3 18g+3 68 18k 6a 18l+3 6f+4 18p+1 6m+1 18r+3 6s 18v+1 6v 18x 6x 18y 6z+1 6by+1 1ci',
  'windows-1257': '6gc 3l 6ca 3n 6ce 6cm 6cg+1 3s 6cw 3u 6d5 3w 4o jr 54 40 6c8+1 6cc+1 6ci ' +
    '6c3+1 48 6jm 4a 6d6 4c 4v kb 4f+1 1ekd 4i+2 1ekd 4m+1 60 4p 9i 4r+3 5i 4w+7 6w 55 9j 57+3 ' +
    '6e 78 8e 74 7a 5g+1 7s 7m 7g 5l ah 7q 82 8m 8a 8r 9s 8z 91 5v 98 5x+2 aa 8x 9m a2 64 aj ' +
    'al 67 79 8f 75 7b 6c+1 7t 7n 7h 6h ai 7r 83 8n 8b 8s 9t 90 92 6r 99 6t+2 ab 8y 9n a3 70 ' +
    'ak am k9',
  'windows-1258': '6gc 3l 6ca b6 6ce 6cm 6cg+1 jq 6cw 3u 6d5 9e 3x+3 6c8+1 6cc+1 6ci 6c3+1 kc ' +
    '6jm 4a 6d6 9f 4d+1 ag 4g+y 76 5g+7 lc 5p+2 7k 5t ll 5v+1 bk 5y+6 bz lf 67+3 77 6c+7 ld ' +
    '6l+2 7l 6p mb 6r+1 bl 6u+6 c0 6gb 73',
  'x-mac-cyrillic': 'sw+v 6cg 4w wg 4j 4n 6ci 52 sm 4u 4p 6jm si uq 6sg sj ur 6qm 4x 6sk+1 uu ' +
    '51 wh so sk us sn uv sp ux sq uy uw sl 4s 6qi b6 6rs 6py 4r 57 6cm 4g sr uz ss v0 ut ' +
    '6c3+1 6cc+1 6c8+1 6v 6ce su v2 sv v3 6ja sh up un ts+u 6gc',
};
for (const name of ObjectKeys(kSingleByteTables)) kSupported.set(name, true);
// ICU's IBM866 also swaps three control characters in the lower half.
const kIbm866Low = [[0x1A, 0x1C], [0x1C, 0x7F], [0x7F, 0x1A]];
const kTableCache = new SafeMap();
const singleByteTable = (name) => {
  let table = kTableCache.get(name);
  if (table !== undefined) return table;
  table = new primordials.Uint16Array(256);
  for (let i = 0; i < 128; i++) table[i] = i;
  const segs = StringPrototypeSplit(kSingleByteTables[name], ' ');
  let b = 128;
  for (let i = 0; i < segs.length; i++) {
    const parts = StringPrototypeSplit(segs[i], '+');
    const start = NumberParseInt(parts[0], 36);
    const n = parts.length === 1 ? 0 : NumberParseInt(parts[1], 36);
    for (let k = 0; k <= n; k++) table[b++] = start + k;
  }
  if (name === 'ibm866') {
    for (let i = 0; i < kIbm866Low.length; i++) table[kIbm866Low[i][0]] = kIbm866Low[i][1];
  }
  kTableCache.set(name, table);
  return table;
};

// ASCII whitespace trim and ASCII-only lower-casing: "\u212Aoi8-r" must not become "koi8-r".
const isAsciiWhitespace = (c) => c === 0x20 || c === 0x09 || c === 0x0A || c === 0x0C || c === 0x0D;
const encodingForLabel = (label) => {
  let start = 0;
  let end = label.length;
  while (start < end && isAsciiWhitespace(StringPrototypeCharCodeAt(label, start))) start++;
  while (end > start && isAsciiWhitespace(StringPrototypeCharCodeAt(label, end - 1))) end--;
  if (end - start > 20) return undefined; // longer than any label
  let key = '';
  for (let i = start; i < end; i++) {
    const c = StringPrototypeCharCodeAt(label, i);
    key += StringFromCharCode(c >= 0x41 && c <= 0x5A ? c + 32 : c);
  }
  return kLabels.get(key);
};

// ---------------------------------------------------------------------------------------------
// Decoders. decode(bytes, flush) → string; bytes is a Uint8Array the decoder must not keep.

const concatBytes = (a, b) => {
  const out = new Uint8ArrayCtor(TypedArrayPrototypeGetLength(a) + TypedArrayPrototypeGetLength(b));
  TypedArrayPrototypeSet(out, a, 0);
  TypedArrayPrototypeSet(out, b, TypedArrayPrototypeGetLength(a));
  return out;
};

// Where the trailing incomplete-but-valid UTF-8 sequence of `b` starts, or b.length if none.
// A prefix that is already invalid is not held back: the decoder reports it now, as the
// Encoding Standard's streaming UTF-8 decoder does (§8.1.1).
const utf8TailStart = (b, len) => {
  for (let back = 1; back <= 3 && back <= len; back++) {
    const i = len - back;
    const lead = b[i];
    if (lead < 0x80) return len; // ASCII: nothing pending
    if (lead < 0xC0) continue; // continuation byte: keep looking for the lead
    let need;
    let lo = 0x80;
    let hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) need = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
      need = 3;
      if (lead === 0xE0) lo = 0xA0;
      else if (lead === 0xED) hi = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      need = 4;
      if (lead === 0xF0) lo = 0x90;
      else if (lead === 0xF4) hi = 0x8F;
    } else {
      return len; // invalid lead byte
    }
    if (back >= need) return len; // sequence complete
    if (back >= 2 && (b[i + 1] < lo || b[i + 1] > hi)) return len;
    if (back === 3 && (b[i + 2] < 0x80 || b[i + 2] > 0xBF)) return len;
    return i;
  }
  return len;
};

class Utf8Decoder {
  constructor(fatal) {
    this.fatal = fatal;
    this.pending = null; // Uint8Array of 1-3 bytes
  }

  decode(bytes, flush) {
    if (this.pending !== null) {
      bytes = concatBytes(this.pending, bytes);
      this.pending = null;
    }
    const len = TypedArrayPrototypeGetLength(bytes);
    let head = bytes;
    if (!flush) {
      const tail = utf8TailStart(bytes, len);
      if (tail !== len) {
        // Copy: the caller may reuse its buffer before the next call.
        this.pending = new Uint8ArrayCtor(TypedArrayPrototypeSubarray(bytes, tail, len));
        head = TypedArrayPrototypeSubarray(bytes, 0, tail);
      }
    }
    if (TypedArrayPrototypeGetLength(head) === 0) return '';
    if (!this.fatal) return ops.decodeUtf8(head, false);
    try {
      return ops.decodeUtf8(head, true);
    } catch {
      this.pending = null;
      throw decodeFailed();
    }
  }
}

const kChunk = 8192; // code units per String.fromCharCode call
const unitsToString = (units, start, end) => {
  if (end - start <= kChunk) {
    return ReflectApply(StringFromCharCode, null, TypedArrayPrototypeSubarray(units, start, end));
  }
  const parts = [];
  for (let i = start; i < end; i += kChunk) {
    ArrayPrototypePush(parts, ReflectApply(StringFromCharCode, null,
      TypedArrayPrototypeSubarray(units, i, i + kChunk < end ? i + kChunk : end)));
  }
  return ArrayPrototypeJoin(parts, '');
};

const kLoneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

class Utf16Decoder {
  constructor(fatal, bigEndian) {
    this.fatal = fatal;
    this.bigEndian = bigEndian;
    this.pendingByte = -1;
    this.pendingLead = -1; // a lead surrogate waiting for its trail
  }

  decode(bytes, flush) {
    let len = TypedArrayPrototypeGetLength(bytes);
    let pos = 0;
    const total = len + (this.pendingByte >= 0 ? 1 : 0);
    const units = new primordials.Uint16Array((total >> 1) + 1);
    let n = 0;
    if (this.pendingLead >= 0) {
      units[n++] = this.pendingLead;
      this.pendingLead = -1;
    }
    if (this.pendingByte >= 0 && len > 0) {
      const b0 = this.pendingByte;
      const b1 = bytes[0];
      units[n++] = this.bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
      this.pendingByte = -1;
      pos = 1;
    }
    if (this.bigEndian) {
      for (; pos + 1 < len; pos += 2) units[n++] = (bytes[pos] << 8) | bytes[pos + 1];
    } else {
      for (; pos + 1 < len; pos += 2) units[n++] = bytes[pos] | (bytes[pos + 1] << 8);
    }
    if (pos < len) this.pendingByte = bytes[pos];
    // A trailing lead surrogate waits for its trail, even when flushing: at the end it and a
    // lone trailing byte make a single error together (Encoding §8.2.1 step 1).
    if (n > 0 && (units[n - 1] & 0xFC00) === 0xD800) this.pendingLead = units[--n];
    let s = unitsToString(units, 0, n);
    if (RegExpPrototypeExec(kLoneSurrogate, s) !== null) {
      if (this.fatal) throw this.reset();
      s = webidl.toWellFormed(s);
    }
    if (flush && (this.pendingByte >= 0 || this.pendingLead >= 0)) {
      if (this.fatal) throw this.reset();
      this.pendingByte = -1;
      this.pendingLead = -1;
      s += '\uFFFD';
    }
    return s;
  }

  reset() {
    this.pendingByte = -1;
    this.pendingLead = -1;
    return decodeFailed();
  }
}

// workerd's "windows-1252" decoder: every byte is the code point of the same value.
class Latin1Decoder {
  decode(bytes) {
    return unitsToString(bytes, 0, TypedArrayPrototypeGetLength(bytes));
  }
}

class SingleByteDecoder {
  constructor(table, fatal) {
    this.table = table;
    this.fatal = fatal;
  }

  decode(bytes) {
    const len = TypedArrayPrototypeGetLength(bytes);
    const units = new primordials.Uint16Array(len);
    const table = this.table;
    for (let i = 0; i < len; i++) {
      const c = table[bytes[i]];
      if (c === 0xFFFD && this.fatal) throw decodeFailed();
      units[i] = c;
    }
    return unitsToString(units, 0, len);
  }
}

const makeDecoder = (encoding, fatal) => {
  switch (encoding) {
    case 'utf-8': return new Utf8Decoder(fatal);
    case 'utf-16le': return new Utf16Decoder(fatal, false);
    case 'utf-16be': return new Utf16Decoder(fatal, true);
    case 'windows-1252': return new Latin1Decoder();
    default: return new SingleByteDecoder(singleByteTable(encoding), fatal);
  }
};

const kEmpty = new Uint8ArrayCtor(0);

let isTextDecoder;
let decoderDecode;

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #decoder;
  #bomSeen = false;
  #unicode;

  constructor(label = undefined, options = undefined) {
    let encoding = 'utf-8';
    if (label !== undefined) {
      label = toDOMString(label);
      encoding = encodingForLabel(label);
      if (encoding === undefined) throw makeRangeError(`"${label}" is not a valid encoding.`);
      if (!kSupported.has(encoding)) throw makeRangeError('Invalid or unsupported encoding');
    }
    let fatal = false;
    let ignoreBOM = false;
    if (options !== undefined && options !== null) {
      if (typeof options !== 'object' && typeof options !== 'function') {
        throw webidl.constructorArgumentTypeError('TextDecoder', 1, 'TextDecoderOptions');
      }
      fatal = !!options.fatal;
      ignoreBOM = !!options.ignoreBOM;
    }
    this.#unicode = encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be';
    this.#encoding = encoding === 'ibm866' ? 'ibm-866' : encoding;
    this.#fatal = fatal;
    this.#ignoreBOM = ignoreBOM;
    this.#decoder = makeDecoder(encoding, fatal);
  }

  static {
    isTextDecoder = (o) => typeof o === 'object' && o !== null && #decoder in o;
    // Shared with TextDecoderStream: bytes is a Uint8Array, flush ends the stream.
    decoderDecode = (self, bytes, flush) => {
      let s;
      try {
        s = self.#decoder.decode(bytes, flush);
      } catch (err) {
        self.#bomSeen = false;
        throw err;
      }
      if (!self.#ignoreBOM && !self.#bomSeen && s.length !== 0 && self.#unicode) {
        self.#bomSeen = true;
        if (StringPrototypeCharCodeAt(s, 0) === 0xFEFF) s = StringPrototypeSlice(s, 1);
      }
      if (flush) self.#bomSeen = false;
      return s;
    };
  }

  get encoding() {
    if (!isTextDecoder(this)) throw illegalInvocation();
    return this.#encoding;
  }

  get fatal() {
    if (!isTextDecoder(this)) throw illegalInvocation();
    return this.#fatal;
  }

  get ignoreBOM() {
    if (!isTextDecoder(this)) throw illegalInvocation();
    return this.#ignoreBOM;
  }

  decode(input = undefined, options = undefined) {
    if (!isTextDecoder(this)) throw illegalInvocation();
    let bytes = kEmpty;
    if (input !== undefined) {
      bytes = webidl.bufferSourceBytes(input);
      if (bytes === undefined) {
        throw webidl.argumentTypeError('decode', 'TextDecoder', 0,
          'ArrayBuffer or ArrayBufferView');
      }
    }
    let stream = false;
    if (options !== undefined && options !== null) {
      if (typeof options !== 'object' && typeof options !== 'function') {
        throw webidl.argumentTypeError('decode', 'TextDecoder', 1, 'TextDecodeOptions');
      }
      stream = !!options.stream;
    }
    return decoderDecode(this, bytes, !stream);
  }
}
internals.registerBrand(TextDecoder, isTextDecoder);

// ---------------------------------------------------------------------------------------------

let isTextEncoder;

class TextEncoder {
  #brand = true;

  static { isTextEncoder = (o) => typeof o === 'object' && o !== null && #brand in o; }

  get encoding() {
    if (!isTextEncoder(this)) throw illegalInvocation();
    return 'utf-8';
  }

  encode(input = undefined) {
    if (!isTextEncoder(this)) throw illegalInvocation();
    return ops.encodeUtf8(input === undefined ? '' : toDOMString(input));
  }

  // Encoding §7.4.3: write as many whole code points as fit; lone surrogates become U+FFFD.
  encodeInto(source, destination) {
    if (!isTextEncoder(this)) throw illegalInvocation();
    source = toDOMString(source);
    if (!webidl.isUint8Array(destination)) {
      throw webidl.argumentTypeError('encodeInto', 'TextEncoder', 1, 'Uint8Array');
    }
    const result = ops.encodeUtf8Into(source, destination);
    return { read: result[0], written: result[1] };
  }
}
internals.registerBrand(TextEncoder, isTextEncoder);

for (const [Class, tag] of [[TextEncoder, 'TextEncoder'], [TextDecoder, 'TextDecoder']]) {
  webidl.makeMembersEnumerable(Class.prototype);
  ObjectDefineProperty(Class.prototype, SymbolToStringTag, {
    value: tag, writable: false, enumerable: false, configurable: true,
  });
  internals.markResourceType(Class);
}

internals.TextEncoder = TextEncoder;
internals.TextDecoder = TextDecoder;
internals.isTextDecoder = isTextDecoder;
internals.textDecoderDecode = decoderDecode;
// Encoding §6 "UTF-8 decode" (BOM stripped, errors → U+FFFD): what Body.text()/json() use.
internals.utf8DecodeWithBOM = (bytes) => {
  let s = ops.decodeUtf8(bytes, false);
  if (s.length !== 0 && StringPrototypeCharCodeAt(s, 0) === 0xFEFF) s = StringPrototypeSlice(s, 1);
  return s;
};
internals.encodingForLabel = (label) => {
  const name = encodingForLabel(label);
  return name !== undefined && kSupported.has(name) ? name : undefined;
};

internals.defineGlobal('TextEncoder', TextEncoder);
internals.defineGlobal('TextDecoder', TextDecoder);
