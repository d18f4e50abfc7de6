'use strict';
// Runs the per-request paths once while the snapshot is built, so their functions are compiled
// and the snapshot keeps the bytecode (FunctionCodeHandling::kKeep): a new isolate's first
// request then skips lazy compilation. Leaves no state behind: everything here is garbage.

const url = internals.parseURL('http://warm.up/path/../a?b=c#d');
const headers = internals.headersFromPairs(['Host', 'warm.up', 'Accept', '*/*'], 'request');
const request = new internals.Request(internals.kInternalConstruct, {
  method: 'GET', url: url.href, headers, body: null, cf: internals.makeRequestCf(),
});
const parsed = new internals.URL(request.url);
void parsed.pathname;
void parsed.searchParams.get('b');
void request.headers.get('accept');
void request.method;
for (const [name, value] of request.headers) void (name + value);

const response = new internals.Response('warm', { headers: { 'content-type': 'text/plain' } });
internals.headersToPairs(response.headers);
internals.responseParts(response);
const json = internals.Response.json({ warm: true, list: [1, 2] });
internals.headersToPairs(json.headers);
internals.responseParts(json);
JSON.stringify(JSON.parse('{"a":[1,"b",{"c":null}]}'));
void new internals.ExecutionContext(internals, [], {});
