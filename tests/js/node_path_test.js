// node:path (runtime-js/api/67_node_path.js): POSIX paths, with the examples of Node's
// documentation.
import path, { join, resolve, posix } from 'node:path';
import posixModule from 'node:path/posix';
import assert from 'node:assert/strict';

export const moduleShape = {
  test() {
    assert.equal(path.join, join);
    assert.equal(posix, path);
    assert.equal(posixModule, path);
    assert.equal(path.sep, '/');
    assert.equal(path.delimiter, ':');
  },
};

export const joinAndNormalize = {
  test() {
    assert.equal(join('/foo', 'bar', 'baz/asdf', 'quux', '..'), '/foo/bar/baz/asdf');
    assert.equal(join('foo', '', 'bar'), 'foo/bar');
    assert.equal(join(), '.');
    assert.throws(() => join('foo', {}, 'bar'), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.equal(path.normalize('/foo/bar//baz/asdf/quux/..'), '/foo/bar/baz/asdf');
    assert.equal(path.normalize('./foo/../../bar/'), '../bar/');
    assert.equal(path.normalize(''), '.');
  },
};

export const resolveAndRelative = {
  test() {
    assert.equal(resolve('/foo/bar', './baz'), '/foo/bar/baz');
    assert.equal(resolve('/foo/bar', '/tmp/file/'), '/tmp/file');
    assert.equal(resolve('wwwroot', 'static_files/png/', '../gif/image.gif'), '/wwwroot/static_files/gif/image.gif');
    assert.equal(path.relative('/data/orandea/test/aaa', '/data/orandea/impl/bbb'), '../../impl/bbb');
    assert.equal(path.relative('/a', '/a'), '');
    assert.equal(path.isAbsolute('/foo/bar'), true);
    assert.equal(path.isAbsolute('qux/'), false);
    assert.equal(path.isAbsolute('.'), false);
  },
};

export const parts = {
  test() {
    assert.equal(path.basename('/foo/bar/baz/asdf/quux.html'), 'quux.html');
    assert.equal(path.basename('/foo/bar/baz/asdf/quux.html', '.html'), 'quux');
    assert.equal(path.basename('/foo/bar/'), 'bar');
    assert.equal(path.dirname('/foo/bar/baz/asdf/quux'), '/foo/bar/baz/asdf');
    assert.equal(path.dirname('foo'), '.');
    assert.equal(path.dirname('/'), '/');
    assert.equal(path.extname('index.html'), '.html');
    assert.equal(path.extname('index.coffee.md'), '.md');
    assert.equal(path.extname('index.'), '.');
    assert.equal(path.extname('index'), '');
    assert.equal(path.extname('.index'), '');
    assert.equal(path.extname('.index.md'), '.md');
  },
};

export const parseAndFormat = {
  test() {
    assert.deepEqual(path.parse('/home/user/dir/file.txt'),
      { root: '/', dir: '/home/user/dir', base: 'file.txt', ext: '.txt', name: 'file' });
    assert.deepEqual(path.parse('file'), { root: '', dir: '', base: 'file', ext: '', name: 'file' });
    assert.deepEqual(path.parse('/'), { root: '/', dir: '/', base: '', ext: '', name: '' });
    assert.equal(path.format({ root: '/ignored', dir: '/home/user/dir', base: 'file.txt' }), '/home/user/dir/file.txt');
    assert.equal(path.format({ root: '/', base: 'file.txt', ext: 'ignored' }), '/file.txt');
    assert.equal(path.format({ root: '/', name: 'file', ext: '.txt' }), '/file.txt');
    assert.equal(path.format({ root: '/', name: 'file', ext: 'txt' }), '/file.txt');
  },
};
