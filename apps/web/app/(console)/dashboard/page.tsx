import type { ContentServersView } from "@hubcache/services";
import { formatAgo, formatMinutes } from "../../../lib/format-time.ts";
import { serverCaller } from "../../../server/trpc/server-caller.ts";
import { formatBytes } from "../cache/format.ts";

export const dynamic = "force-dynamic";

const percent = (ratio: number | null) => (ratio === null ? "—" : `${Math.round(ratio * 100)}%`);

export default async function DashboardPage() {
  const caller = await serverCaller("/dashboard");
  const [dashboard, contentServers] = await Promise.all([
    caller.usage.dashboard({ days: 14 }),
    caller.contentServer.list(),
  ]);
  const { totals } = dashboard;
  const served = totals.bytesFromCache + totals.bytesFromUpstream;
  const peak = Math.max(1, ...dashboard.daily.map((d) => d.bytesFromCache + d.bytesFromUpstream));
  return (
    <main>
      <h1>Dashboard</h1>
      <p>Your teams, the last 14 days (UTC).</p>
      <div className="tiles">
        <div className="tile">
          <span>Hit ratio</span>
          <strong>{percent(totals.hitRatio)}</strong>
          <small>
            {totals.hits} hits, {totals.misses} misses
          </small>
        </div>
        <div className="tile">
          <span>Served from the cache</span>
          <strong>{formatBytes(totals.bytesFromCache)}</strong>
          <small>
            {served === 0 ? "no downloads yet" : `${percent(totals.bytesFromCache / served)} of all bytes`}
          </small>
        </div>
        <div className="tile">
          <span>Fetched from the Hub</span>
          <strong>{formatBytes(totals.bytesFromUpstream)}</strong>
          <small>{totals.requests} requests</small>
        </div>
      </div>

      <section aria-label="Bytes served per day">
        <h2>Bytes served per day</h2>
        <div className="chart" role="img" aria-label="Bytes from the cache and from the Hub, per day">
          {dashboard.daily.map((day) => (
            <div
              key={day.day}
              className="bar"
              title={`${day.day}: ${formatBytes(day.bytesFromCache)} from cache, ${formatBytes(day.bytesFromUpstream)} from the Hub`}
            >
              <div className="upstream" style={{ height: `${(day.bytesFromUpstream / peak) * 100}%` }} />
              <div className="cache" style={{ height: `${(day.bytesFromCache / peak) * 100}%` }} />
              <span>{day.day.slice(5)}</span>
            </div>
          ))}
        </div>
        <p className="legend">
          <span className="cache" /> from the cache <span className="upstream" /> from the Hub
        </p>
      </section>

      <section aria-label="Distributions">
        <h2>By distribution</h2>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Distribution</th>
                <th>Hit ratio</th>
                <th>From cache</th>
                <th>From the Hub</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.distributions.map((d) => (
                <tr key={d.id}>
                  <td>{d.name}</td>
                  <td>{percent(d.hitRatio)}</td>
                  <td>{formatBytes(d.bytesFromCache)}</td>
                  <td>{formatBytes(d.bytesFromUpstream)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-label="Storage per team">
        <h2>Storage per team</h2>
        {dashboard.storageByTeam.length === 0 ? (
          <p>Nothing cached yet.</p>
        ) : (
          <ul className="storage">
            {dashboard.storageByTeam.map((team) => (
              <li key={team.teamId}>
                {team.team}: <strong>{formatBytes(team.bytes)}</strong> in {team.files} files
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-label="Top repositories">
        <h2>Top repositories by size</h2>
        {dashboard.topRepos.length === 0 ? (
          <p>Nothing cached yet.</p>
        ) : (
          <ol>
            {dashboard.topRepos.map((repo) => (
              <li key={`${repo.repoType}/${repo.repoId}`}>
                {repo.repoType === "model" ? "" : `${repo.repoType}s/`}
                {repo.repoId}: {formatBytes(repo.bytes)} ({repo.files} files)
              </li>
            ))}
          </ol>
        )}
      </section>

      <ContentServers view={contentServers} now={Date.now()} />
    </main>
  );
}

/** The replicas of the instance (not only your teams'), as their heartbeats tell. */
function ContentServers({ view, now }: { view: ContentServersView; now: number }) {
  // Internal addresses: the instance admin's view only.
  const showUrls = view.servers.some((server) => server.url !== null);
  return (
    <section aria-label="Content servers">
      <h2>Content servers</h2>
      {view.servers.length === 0 ? (
        <p>No content server has reported in the last {formatMinutes(view.listedWithinMinutes)}.</p>
      ) : (
        <>
          <p>Every replica of the instance; each reports every 10 seconds.</p>
          <div className="table-scroll">
            <table className="replicas">
              <thead>
                <tr>
                  <th>Replica</th>
                  {showUrls && <th>URL</th>}
                  <th>Version</th>
                  <th>Started</th>
                  <th>Last heartbeat</th>
                  <th>Fills in flight</th>
                  <th>Upstreams offline</th>
                </tr>
              </thead>
              <tbody>
                {view.servers.map((server) => {
                  const offline = Object.entries(server.upstreams)
                    .filter(([, state]) => state === "offline")
                    .map(([origin]) => origin);
                  return (
                    <tr key={server.id}>
                      <td className="anywhere">
                        <code>{server.id}</code>
                        {!server.online && <span className="badge">not responding</span>}
                      </td>
                      {showUrls && <td className="anywhere">{server.url}</td>}
                      <td>{server.version}</td>
                      <td className="when" title={server.startedAt.toISOString()}>
                        {formatAgo(server.startedAt, now)}
                      </td>
                      <td className="when" title={server.heartbeatAt.toISOString()}>
                        {formatAgo(server.heartbeatAt, now)}
                      </td>
                      <td>{server.fillsInFlight}</td>
                      <td className="anywhere">{offline.length === 0 ? "none" : offline.join(", ")}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
