import { clientSnippets } from "../../lib/client-snippets.ts";
import { webEnv } from "../../lib/env.ts";
import { serverCaller } from "../../server/trpc/server-caller.ts";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const trpc = await serverCaller("/");
  const { items } = await trpc.distribution.list({ limit: 1000, offset: 0 });
  const distributions = await Promise.all(
    items.map(async (distribution) => ({
      distribution,
      remote: await trpc.remote.byId({ id: distribution.remoteId }),
    })),
  );
  return (
    <main>
      <h1>Distributions</h1>
      <p>A pull-through cache for the Hugging Face Hub. Point your clients at a distribution below.</p>
      {distributions.length === 0 ? (
        <section>No distributions yet. Start the content server once to create the default one.</section>
      ) : (
        distributions.map(({ distribution, remote }) => {
          const snippets = clientSnippets(webEnv.contentUrl, distribution.basePath, distribution.isPublic);
          return (
            <section key={distribution.id} aria-label={`distribution ${distribution.name}`}>
              <h2 className="title-with-badges">
                {distribution.name}
                <span className="badge">{distribution.isPublic ? "public" : "private"}</span>
                <span className="badge">{remote.policy}</span>
              </h2>
              <p>
                Upstream: <code>{remote.hubUrl}</code> (remote {remote.name})
              </p>
              <pre>{snippets.shell}</pre>
              <pre>{snippets.python}</pre>
              <pre>{snippets.javascript}</pre>
            </section>
          );
        })
      )}
    </main>
  );
}
