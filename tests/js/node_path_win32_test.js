// node:path/win32 (runtime-js/api/67_node_path_win32.js): Windows paths, with the examples of
// Node's documentation and cases from its tests; results agree with workerd and Node.
import path from 'node:path';
import win32Module, { win32, posix } from 'node:path/win32';
import assert from 'node:assert/strict';

export const moduleShape = {
  test() {
    assert.equal(win32Module, path.win32);
    assert.notEqual(win32, path);
    assert.equal(win32.win32, win32);
    assert.equal(win32.posix, path);
    assert.equal(posix, path);
    assert.equal(path.posix.win32, win32);
    assert.equal(win32.sep, '\\');
    assert.equal(win32.delimiter, ';');
    assert.deepEqual('foo\\bar\\baz'.split(win32.sep), ['foo', 'bar', 'baz']);
  },
};

export const basenameDirnameExtname = {
  test() {
    assert.equal(win32.basename('C:\\temp\\myfile.html'), 'myfile.html');
    assert.equal(win32.basename('C:\\foo.HTML', '.html'), 'foo.HTML');
    assert.equal(win32.basename('C:\\foo.html', '.html'), 'foo');
    assert.equal(win32.basename('C:foo.txt'), 'foo.txt');
    assert.equal(win32.basename('C:\\'), '');
    assert.equal(win32.basename('\\dir\\file\\\\'), 'file');
    assert.equal(win32.dirname('C:\\foo\\bar\\baz\\asdf\\quux'), 'C:\\foo\\bar\\baz\\asdf');
    assert.equal(win32.dirname('C:\\'), 'C:\\');
    assert.equal(win32.dirname('C:foo'), 'C:');
    assert.equal(win32.dirname('\\\\server\\share'), '\\\\server\\share');
    assert.equal(win32.dirname('\\\\server\\share\\dir\\file'), '\\\\server\\share\\dir');
    assert.equal(win32.dirname('foo'), '.');
    assert.equal(win32.extname('index.coffee.md'), '.md');
    assert.equal(win32.extname('C:\\dir\\.hidden'), '');
    assert.equal(win32.extname('C:.foo'), '');
    assert.equal(win32.extname('file.'), '.');
  },
};

export const isAbsolute = {
  test() {
    for (const p of ['//server', '\\\\server', 'C:/foo/..', 'C:\\foo\\..', '\\foo', '/']) {
      assert.equal(win32.isAbsolute(p), true, p);
    }
    for (const p of ['bar\\baz', 'bar/baz', '.', 'C:', 'C:foo', '']) {
      assert.equal(win32.isAbsolute(p), false, p);
    }
  },
};

export const normalizeAndJoin = {
  test() {
    assert.equal(win32.normalize('C:\\temp\\\\foo\\bar\\..\\'), 'C:\\temp\\foo\\');
    assert.equal(win32.normalize('C:////temp\\\\/\\/\\/foo/bar'), 'C:\\temp\\foo\\bar');
    assert.equal(win32.normalize('\\\\server\\share'), '\\\\server\\share\\');
    assert.equal(win32.normalize('//server/share/x/../y'), '\\\\server\\share\\y');
    assert.equal(win32.normalize('\\\\server'), '\\server');
    assert.equal(win32.normalize('..\\..\\foo'), '..\\..\\foo');
    assert.equal(win32.normalize('C:'), 'C:.');
    assert.equal(win32.normalize(''), '.');
    assert.equal(win32.join('C:\\foo', 'bar', '..\\baz'), 'C:\\foo\\baz');
    assert.equal(win32.join('//foo', 'bar'), '\\\\foo\\bar\\');
    assert.equal(win32.join('\\\\', 'foo'), '\\foo');
    assert.equal(win32.join('/', '//foo'), '\\foo');
    assert.equal(win32.join('foo', '/bar/', '\\baz\\'), 'foo\\bar\\baz\\');
    assert.equal(win32.join(''), '.');
    assert.equal(win32.join(), '.');
  },
};

export const resolve = {
  test() {
    // A Worker's working directory is the root.
    assert.equal(win32.resolve('foo'), '\\foo');
    assert.equal(win32.resolve('C:\\foo', 'bar'), 'C:\\foo\\bar');
    assert.equal(win32.resolve('c:/blah\\blah', 'd:/games', 'c:../a'), 'c:\\blah\\a');
    assert.equal(win32.resolve('c:/ignore', 'd:\\a/b\\c/d', '\\e.exe'), 'd:\\e.exe');
    assert.equal(win32.resolve('c:/ignore', 'c:/some/file'), 'c:\\some\\file');
    assert.equal(win32.resolve('d:/ignore', 'd:some/dir//'), 'd:\\ignore\\some\\dir');
    assert.equal(win32.resolve('//server/share', '..', 'relative\\'), '\\\\server\\share\\relative');
    assert.equal(win32.resolve('c:/', '//'), 'c:\\');
    assert.equal(win32.resolve('c:/', '//dir'), 'c:\\dir');
    assert.equal(win32.resolve('c:/', '//server/share'), '\\\\server\\share\\');
    assert.equal(win32.resolve('c:/', '///some//dir'), 'c:\\some\\dir');
    assert.equal(win32.resolve('C:foo'), 'C:\\foo');
  },
};

export const relative = {
  test() {
    assert.equal(win32.relative('C:\\orandea\\test\\aaa', 'C:\\orandea\\impl\\bbb'), '..\\..\\impl\\bbb');
    assert.equal(win32.relative('c:/blah\\blah', 'd:/games'), 'd:\\games');
    assert.equal(win32.relative('c:/aaaa/bbbb', 'c:/aaaa'), '..');
    assert.equal(win32.relative('c:/aaaa/bbbb', 'c:/cccc'), '..\\..\\cccc');
    assert.equal(win32.relative('c:/aaaa/bbbb', 'c:/aaaa/bbbb'), '');
    assert.equal(win32.relative('c:/AaAa/bbbb', 'c:/aaaa/bbbb'), '', 'compared without case');
    assert.equal(win32.relative('c:/', 'c:\\aaaa\\bbbb'), 'aaaa\\bbbb');
    assert.equal(win32.relative('C:\\foo\\bar\\baz\\quux', 'C:\\'), '..\\..\\..\\..');
    assert.equal(win32.relative('C:\\foo\\test', 'C:\\foo\\test\\bar\\package.json'), 'bar\\package.json');
    assert.equal(win32.relative('C:\\foo\\bar\\baz-quux', 'C:\\foo\\bar\\baz'), '..\\baz');
    assert.equal(win32.relative('\\\\foo\\bar', '\\\\foo\\bar\\baz'), 'baz');
    assert.equal(win32.relative('\\\\foo\\bar\\baz', '\\\\foo\\bar'), '..');
    assert.equal(win32.relative('C:\\baz', '\\\\foo\\bar\\baz'), '\\\\foo\\bar\\baz');
  },
};

export const parseAndFormat = {
  test() {
    assert.deepEqual(win32.parse('C:\\path\\dir\\file.txt'),
      { root: 'C:\\', dir: 'C:\\path\\dir', base: 'file.txt', ext: '.txt', name: 'file' });
    assert.deepEqual(win32.parse('\\\\server\\share\\dir\\file.ext'),
      { root: '\\\\server\\share\\', dir: '\\\\server\\share\\dir', base: 'file.ext', ext: '.ext', name: 'file' });
    assert.deepEqual(win32.parse('C:\\abc'), { root: 'C:\\', dir: 'C:\\', base: 'abc', ext: '', name: 'abc' });
    assert.deepEqual(win32.parse('C:'), { root: 'C:', dir: 'C:', base: '', ext: '', name: '' });
    assert.deepEqual(win32.parse('\\'), { root: '\\', dir: '\\', base: '', ext: '', name: '' });
    assert.deepEqual(win32.parse('.profile'), { root: '', dir: '', base: '.profile', ext: '', name: '.profile' });
    assert.deepEqual(win32.parse('dir\\'), { root: '', dir: '', base: 'dir', ext: '', name: 'dir' });
    assert.equal(win32.format({ root: 'C:\\', dir: 'C:\\path\\dir', base: 'file.txt' }), 'C:\\path\\dir\\file.txt');
    assert.equal(win32.format({ root: 'C:\\', base: 'file.txt' }), 'C:\\file.txt');
    assert.equal(win32.format({ dir: 'x', name: 'n', ext: 'e' }), 'x\\n.e');
  },
};

export const toNamespacedPath = {
  test() {
    assert.equal(win32.toNamespacedPath('C:\\foo'), '\\\\?\\C:\\foo');
    assert.equal(win32.toNamespacedPath('C:/foo/../bar'), '\\\\?\\C:\\bar');
    assert.equal(win32.toNamespacedPath('\\\\server\\share\\x'), '\\\\?\\UNC\\server\\share\\x');
    assert.equal(win32.toNamespacedPath('\\\\?\\C:\\foo'), '\\\\?\\C:\\foo');
    assert.equal(win32.toNamespacedPath('\\\\.\\pipe\\x'), '\\\\.\\pipe\\x');
    assert.equal(win32.toNamespacedPath('foo'), '\\foo');
    assert.equal(win32.toNamespacedPath(''), '');
    assert.equal(win32.toNamespacedPath(1), 1);
  },
};

export const errors = {
  test() {
    assert.throws(() => win32.join('a', 1), {
      name: 'TypeError',
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "path" argument must be of type string. Received type number (1)',
    });
    assert.throws(() => win32.resolve(null), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "paths[0]" argument must be of type string. Received null',
    });
    assert.throws(() => win32.relative(1, 'a'), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => win32.parse({}), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => win32.format('C:\\x'), { code: 'ERR_INVALID_ARG_TYPE' });
    // workerd has matchesGlob but does not implement it.
    assert.throws(() => win32.matchesGlob('C:\\foo\\bar', 'C:/foo/*'),
      { name: 'Error', message: 'path.win32.matchesGlob() is not implemented.' });
    assert.throws(() => path.matchesGlob('/foo/bar', '/foo/*'),
      { name: 'Error', message: 'path.posix.matchesGlob() is not implemented.' });
  },
};
