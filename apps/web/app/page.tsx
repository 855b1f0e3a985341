import { listDistributions } from "@hubcache/db";
import { clientSnippets } from "../lib/client-snippets.ts";
import { database } from "../lib/db.ts";
import { webEnv } from "../lib/env.ts";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const { db } = await database();
  const distributions = await listDistributions(db);
  return (
    <main>
      <h1>Hubcache</h1>
      <p>A pull-through cache for the Hugging Face Hub. Point your clients at a distribution below.</p>
      {distributions.length === 0 ? (
        <section>No distributions yet. Start the content server once to create the default one.</section>
      ) : (
        distributions.map((distribution) => {
          const snippets = clientSnippets(webEnv.contentUrl, distribution.basePath, distribution.isPublic);
          return (
            <section key={distribution.id} aria-label={`distribution ${distribution.name}`}>
              <h2>
                {distribution.name}
                <span className="badge">{distribution.isPublic ? "public" : "private"}</span>
                <span className="badge">{distribution.remote.policy}</span>
              </h2>
              <p>
                Upstream: <code>{distribution.remote.hubUrl}</code> (remote {distribution.remote.name})
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
