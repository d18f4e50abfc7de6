// workerd's side of bench/assets.sh: workerd has no asset server of its own outside Cloudflare,
// so this Worker answers with the same 10 KiB file bundled as a Data module, with the headers
// edged's asset server sends (ETag, Content-Type, Cache-Control) and If-None-Match → 304.
import asset from './asset.bin';

const ETAG = '"bench-asset"';

export default {
  fetch(request) {
    const headers = {
      'content-type': 'application/octet-stream',
      etag: ETAG,
      'cache-control': 'public, max-age=0, must-revalidate',
    };
    if (request.headers.get('if-none-match') === ETAG) return new Response(null, { status: 304, headers });
    return new Response(asset, { headers });
  },
};
