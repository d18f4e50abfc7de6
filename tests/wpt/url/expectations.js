// Known failures of WPT url/ tests in edged, read by tests/js/url_test.js.
export default {
  // WPT test name -> why it fails. Listed cases must fail; all others must pass.
  failures: {
    'URL: no structured serialize/deserialize support':
      'structuredClone copies a URL as a plain object; the serializer needs a brand check',
    'URLSearchParams: no structured serialize/deserialize support':
      'structuredClone copies a URLSearchParams as a plain object; same as above',
    'URLSearchParams constructor, DOMException as argument':
      "DOMException is workerd's: name/message/code are instance properties, so " +
      'DOMException.prototype has no getters that throw on the prototype itself',
  },
  // Cases that use another Web API: while `global` is missing, their failure is expected.
  needs: [],
};
