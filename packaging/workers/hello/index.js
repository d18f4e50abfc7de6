export default {
  fetch(request) {
    return new Response(`edged is running; ${new URL(request.url).pathname} has no Worker of yours yet.\n`);
  },
};
