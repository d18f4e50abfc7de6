// One Worker that is both the OAuth 2.1 authorization server and its protected API. /authorize
// signs in the user named by ?user= and grants the requested scopes without a consent page
// (the flow under test is the library's: registration, codes, PKCE, tokens); ?deny=1 declines.
import OAuthProvider, { AuthorizationError, authorizationErrorRedirect, type OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { WorkerEntrypoint } from "cloudflare:workers";

type Env = { OAUTH_KV: KVNamespace; OAUTH_PROVIDER: OAuthHelpers };
type Props = { userId: string; signedInAt: number };

class Api extends WorkerEntrypoint<Env> {
  async fetch(request: Request): Promise<Response> {
    const props = this.ctx.props as Props;
    const url = new URL(request.url);
    if (url.pathname === "/api/me") return Response.json({ userId: props.userId, signedInAt: props.signedInAt });
    if (url.pathname === "/api/echo" && request.method === "POST") {
      return Response.json({ userId: props.userId, body: await request.json() });
    }
    return Response.json({ error: "no such API" }, { status: 404 });
  }
}

const site = {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/authorize") {
      let authRequest;
      try {
        authRequest = await env.OAUTH_PROVIDER.parseAuthRequest(request);
      } catch (error) {
        if (!(error instanceof AuthorizationError)) throw error;
        // Only a validated redirect URI may receive the error; otherwise it is shown here.
        if (error.redirectTo) return Response.redirect(error.redirectTo, 302);
        return Response.json({ error: error.code, description: error.description }, { status: 400 });
      }
      if (url.searchParams.get("deny") === "1") {
        return Response.redirect(authorizationErrorRedirect(authRequest, "access_denied"), 302);
      }
      const userId = url.searchParams.get("user") ?? "anonymous";
      const { redirectTo } = await env.OAUTH_PROVIDER.completeAuthorization({
        request: authRequest,
        userId,
        metadata: { via: "compat-test" },
        scope: authRequest.scope,
        props: { userId, signedInAt: Date.now() } satisfies Props,
      });
      return Response.redirect(redirectTo, 302);
    }
    if (url.pathname === "/grants") {
      const user = url.searchParams.get("user") ?? "";
      const { items } = await env.OAUTH_PROVIDER.listUserGrants(user);
      return Response.json(items.map((g) => ({ clientId: g.clientId, scope: g.scope })));
    }
    return new Response("public page", { headers: { "content-type": "text/plain" } });
  },
};

// The protected resource is named by the origin the Worker is served on, which the test learns
// only once edged listens (on port 0): the provider is built on the first request.
let provider: OAuthProvider<Env> | undefined;

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const origin = new URL(request.url).origin;
    provider ??= new OAuthProvider<Env>({
      apiRoute: "/api/",
      apiHandler: Api,
      defaultHandler: site,
      authorizeEndpoint: "/authorize",
      tokenEndpoint: "/oauth/token",
      clientRegistrationEndpoint: "/oauth/register",
      scopesSupported: ["read", "write", "offline_access"],
      accessTokenTTL: 600,
      resourceMetadata: { resource: `${origin}/api/`, authorization_servers: [origin] },
    });
    return provider.fetch(request, env, ctx);
  },
};
