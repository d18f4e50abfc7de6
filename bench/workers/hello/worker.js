// Hello world: the smallest useful Worker, served identically by edged and workerd.
export default {
  fetch() {
    return new Response("hello", {
      headers: { "content-type": "text/plain;charset=UTF-8" },
    });
  },
};
