'use strict';
// Unit tests of dom.js (run by tests/web/test_widget_modules.py with `node --test`).
var test = require('node:test');
var assert = require('node:assert/strict');
var fake = require('./testing/fake-dom');
var dom = require('./dom');

test.afterEach(fake.uninstallDom);

test('el sets className, text and attributes, skips false and null, appends children', function () {
  fake.installDom();
  var child = dom.el('span', { text: 'x' });
  var node = dom.el('button', {
    className: 'a b', text: 'Go', 'aria-label': 'Go now', hidden: true, disabled: false, title: null
  }, [child, null]);
  assert.equal(node.tagName, 'BUTTON');
  assert.equal(node.className, 'a b');
  assert.equal(node.getAttribute('aria-label'), 'Go now');
  assert.equal(node.getAttribute('hidden'), '');
  assert.equal(node.hasAttribute('disabled'), false);
  assert.equal(node.hasAttribute('title'), false);
  assert.equal(node.textContent, 'Gox');
  assert.equal(node.childNodes[1], child);
});

test('isHttpUrl accepts only absolute http(s) URLs', function () {
  assert.equal(dom.isHttpUrl('https://ex.com/a'), true);
  assert.equal(dom.isHttpUrl('HTTP://ex.com'), true);
  assert.equal(dom.isHttpUrl('javascript:alert(1)'), false);
  assert.equal(dom.isHttpUrl('//ex.com'), false);
  assert.equal(dom.isHttpUrl('https://'), false);
  assert.equal(dom.isHttpUrl(5), false);
});

test('trimUrl drops trailing punctuation and unbalanced closing brackets', function () {
  assert.equal(dom.trimUrl('https://ex.com/a.'), 'https://ex.com/a');
  assert.equal(dom.trimUrl('https://ex.com/a),'), 'https://ex.com/a');
  assert.equal(dom.trimUrl('https://ex.com/a_(b)'), 'https://ex.com/a_(b)');
});

test('linkify makes links of http(s) URLs and Markdown links only, keeping all the text', function () {
  var src = 'See https://ex.com/x. [label](https://ex.org/p) [bad](javascript:alert(1)) <b>';
  var parts = dom.linkify(src);
  assert.deepEqual(parts.filter(function (p) { return p.type === 'link'; }), [
    { type: 'link', text: 'https://ex.com/x', href: 'https://ex.com/x' },
    { type: 'link', text: 'label', href: 'https://ex.org/p' }
  ]);
  assert.ok(parts.some(function (p) { return p.type === 'text' && p.text.indexOf('[bad](javascript:alert(1))') !== -1; }));
  assert.deepEqual(dom.linkify(null), []);
});

test('renderRichText builds text nodes and safe <a> elements', function () {
  fake.installDom();
  var node = dom.el('div');
  dom.renderRichText(node, 'Go to https://ex.com/a, now <img src=x onerror=alert(1)>');
  var links = node.querySelectorAll('a');
  assert.equal(links.length, 1);
  assert.equal(links[0].href, 'https://ex.com/a');
  assert.equal(links[0].target, '_blank');
  assert.equal(links[0].rel, 'noopener noreferrer');
  assert.equal(links[0].className, 'askamy-link');
  assert.equal(node.textContent, 'Go to https://ex.com/a, now <img src=x onerror=alert(1)>');
  assert.equal(node.querySelectorAll('img').length, 0);
});
