// Parses a small JSON order from the POST body and answers with a few computed fields.
// bench/json-body.json is the body bench/run.sh sends.
export default {
  async fetch(request) {
    const order = await request.json();
    const items = Array.isArray(order.items) ? order.items : [];
    const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
    return Response.json({
      id: order.id,
      customer: order.customer.toUpperCase(),
      itemCount: items.length,
      total: Math.round(total * 100) / 100,
      skus: items.map((item) => item.sku).sort(),
    });
  },
};
